namespace Platform.ServiceDefaults.Messaging;

/// <summary>Queues owned by one service and sent to by others.</summary>
public static class ServiceQueues
{
    /// <summary>The completion service's input: <c>CompleteCode</c> commands.</summary>
    public const string CodeCompletion = "code-completion";

    /// <summary>The chat service's input: <c>CompleteChat</c> commands.</summary>
    public const string Chat = "chat";

    /// <summary>The completion service's subscription to editors' view/select/dismiss events.</summary>
    public const string CodeCompletionEvents = "code-completion-events";

    public static Uri Address(string queue) => new($"queue:{queue}");
}

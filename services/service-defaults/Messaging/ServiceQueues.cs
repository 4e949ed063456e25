namespace Platform.ServiceDefaults.Messaging;

/// <summary>Queues owned by one service and sent to by others.</summary>
public static class ServiceQueues
{
    /// <summary>The completion service's input: <c>CompleteCode</c> commands.</summary>
    public const string CodeCompletion = "code-completion";

    public static Uri Address(string queue) => new($"queue:{queue}");
}

using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>The one mapping from the platform's <see cref="FinishReason"/> to OpenAI's <c>finish_reason</c> strings.</summary>
internal static class OpenAiFinishReason
{
    public static string Name(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length",
        FinishReason.Cancelled => "cancelled",
        _ => "stop",
    };
}

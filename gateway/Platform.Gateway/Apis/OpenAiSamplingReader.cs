using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI's sampling fields, read alike for <c>/v1/completions</c>, <c>/v1/fim/completions</c> and <c>/v1/chat/completions</c>.</summary>
internal static class OpenAiSamplingReader
{
    private const int MaxStopSequences = 4;

    /// <param name="maxTokens">Already read: the endpoints spell and default it differently.</param>
    public static SamplingSettings Read(JsonFieldReader fields, int maxTokens) => new()
    {
        MaxTokens = maxTokens,
        Temperature = fields.Number("temperature", 0, 2) ?? 1f,
        TopP = fields.Number("top_p", 0, 1, minExclusive: true) ?? 1f,
        PresencePenalty = fields.Number("presence_penalty", -2, 2) ?? 0f,
        FrequencyPenalty = fields.Number("frequency_penalty", -2, 2) ?? 0f,
        Seed = fields.Long("seed"),
        Stop = fields.StringOrStrings("stop", MaxStopSequences) ?? [],
    };
}

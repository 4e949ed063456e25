using Platform.Contracts.Generation;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI's sampling fields, read alike by every generation endpoint into the one <see cref="SamplingSettings"/>.</summary>
internal static class OpenAiSamplingReader
{
    private const int MaxStopSequences = 4;

    /// <param name="maxTokens">Already read: the endpoints spell it differently (<c>max_tokens</c>, <c>max_completion_tokens</c>).</param>
    public static SamplingSettings Read(JsonFieldReader fields, int? maxTokens, EndpointSamplingDefaults defaults) => new()
    {
        MaxTokens = maxTokens ?? defaults.MaxTokens,
        Temperature = fields.Number("temperature", 0, 2) ?? defaults.Temperature,
        TopP = fields.Number("top_p", 0, 1, minExclusive: true) ?? 1f,
        PresencePenalty = fields.Number("presence_penalty", -2, 2) ?? 0f,
        FrequencyPenalty = fields.Number("frequency_penalty", -2, 2) ?? 0f,
        Seed = fields.Long("seed"),
        Stop = fields.StringOrStrings("stop", MaxStopSequences) ?? [],
    };
}

using System.Globalization;
using System.Text.Json;
using Platform.Contracts.Generation;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// OpenAI's sampling fields, read alike by every generation endpoint into the one <see cref="SamplingSettings"/>, with
/// vLLM's extensions clients of self-hosted models send (<c>min_tokens</c>, <c>stop_token_ids</c>).
/// </summary>
internal static class OpenAiSamplingReader
{
    private const int MaxStopSequences = 4;
    private const int MaxStopTokenIds = 64;
    private const int MaxLogitBiasEntries = 300;

    /// <param name="maxTokens">Already read: the endpoints spell it differently (<c>max_tokens</c>, <c>max_completion_tokens</c>).</param>
    public static SamplingSettings Read(JsonFieldReader fields, int? maxTokens, EndpointSamplingDefaults defaults)
    {
        var settings = new SamplingSettings
        {
            MaxTokens = maxTokens ?? defaults.MaxTokens,
            Temperature = fields.Number("temperature", 0, 2) ?? defaults.Temperature,
            TopP = fields.Number("top_p", 0, 1, minExclusive: true) ?? 1f,
            PresencePenalty = fields.Number("presence_penalty", -2, 2) ?? 0f,
            FrequencyPenalty = fields.Number("frequency_penalty", -2, 2) ?? 0f,
            Seed = fields.Long("seed"),
            Stop = fields.StringOrStrings("stop", MaxStopSequences) ?? [],
            MinTokens = fields.Integer("min_tokens", 0, int.MaxValue) ?? 0,
            StopTokenIds = ReadStopTokenIds(fields),
            LogitBias = ReadLogitBias(fields),
        };
        if (settings.MinTokens > settings.MaxTokens)
        {
            fields.Fail("min_tokens", $"Must not exceed the maximum number of tokens ({settings.MaxTokens}).");
        }

        return settings;
    }

    private static List<int> ReadStopTokenIds(JsonFieldReader fields)
    {
        if (fields.Array("stop_token_ids") is not { } array)
        {
            return [];
        }

        var ids = new List<int>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var id) || id < 0)
            {
                fields.Fail("stop_token_ids", "Must be an array of token ids (integers of 0 or more).");
                return [];
            }

            ids.Add(id);
        }

        if (ids.Count > MaxStopTokenIds)
        {
            fields.Fail("stop_token_ids", $"At most {MaxStopTokenIds} token ids.");
        }

        return ids;
    }

    /// <summary>OpenAI's <c>logit_bias</c>: token ids (as JSON object keys) to a bias from -100 to 100.</summary>
    private static Dictionary<int, float> ReadLogitBias(JsonFieldReader fields)
    {
        if (fields.Object("logit_bias") is not { } map)
        {
            return new Dictionary<int, float>();
        }

        var biases = new Dictionary<int, float>();
        foreach (var entry in map.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                fields.Fail("logit_bias", $"Keys must be token ids; got '{entry.Name}'.");
                continue;
            }

            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDouble(out var bias) || bias is < -100 or > 100)
            {
                fields.Fail("logit_bias", $"The bias of token {id} must be a number from -100 to 100.");
                continue;
            }

            biases[id] = (float)bias;
        }

        if (biases.Count > MaxLogitBiasEntries)
        {
            fields.Fail("logit_bias", $"At most {MaxLogitBiasEntries} tokens.");
        }

        return biases;
    }
}

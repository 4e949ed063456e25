using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

/// <summary>
/// Settings under <c>Gateway:Sampling</c>: what a request that leaves a sampling field out gets, per kind of endpoint.
/// The only place the product's sampling defaults live; every later layer carries the request's values.
/// </summary>
public sealed class SamplingDefaults
{
    /// <summary>The largest <c>max_tokens</c> a request may ask for.</summary>
    [Range(1, 1_000_000)]
    public int MaxTokensLimit { get; set; } = 8192;

    /// <summary><c>/v1/completions</c> and <c>/v1/fim/completions</c>: OpenAI's defaults.</summary>
    public EndpointSamplingDefaults Completions { get; set; } = new() { MaxTokens = 16, Temperature = 1f };

    /// <summary><c>/v1/chat/completions</c>.</summary>
    public EndpointSamplingDefaults Chat { get; set; } = new() { MaxTokens = 512, Temperature = 1f };

    /// <summary><c>/v1/code/completions</c>: short and nearly greedy, as editors want.</summary>
    public EndpointSamplingDefaults CodeCompletions { get; set; } = new() { MaxTokens = 64, Temperature = 0.2f };

    /// <summary>Checks the nested settings too (data annotations stop at the first level).</summary>
    public bool IsValid() =>
        new object[] { this, Completions, Chat, CodeCompletions }.All(settings =>
            Validator.TryValidateObject(settings, new ValidationContext(settings), null, validateAllProperties: true))
        && new[] { Completions, Chat, CodeCompletions }.All(endpoint => endpoint.MaxTokens <= MaxTokensLimit);
}

using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

public sealed class EndpointSamplingDefaults
{
    [Range(1, 1_000_000)]
    public int MaxTokens { get; set; }

    [Range(0f, 2f)]
    public float Temperature { get; set; }
}

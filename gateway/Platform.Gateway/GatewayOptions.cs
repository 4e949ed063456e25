using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

/// <summary>Settings under <c>Gateway</c>, validated at start-up.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The model used when a request names none.</summary>
    [Required]
    public string DefaultModel { get; set; } = "tiny-coder";

    /// <summary>Models requests may name; the default model is always included.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>How long a request may wait for its generation to finish before the gateway answers 504.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A known key for the bootstrap tenant (deployments that inject it from a secret store). When empty, a random
    /// key is generated at first start and printed once.
    /// </summary>
    [RegularExpression("^(sk-plat-[A-Za-z0-9_-]{16,})?$", ErrorMessage = "Gateway:BootstrapApiKey must start with sk-plat- followed by at least 16 characters.")]
    public string? BootstrapApiKey { get; set; }

    public IReadOnlySet<string> ServedModels() => new HashSet<string>(Models.Append(DefaultModel), StringComparer.Ordinal);
}

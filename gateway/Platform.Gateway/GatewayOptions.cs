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

    /// <summary>Limits of the plan created at first start, which the bootstrap tenant gets. 0 means unlimited.</summary>
    public PlanDefaults DefaultPlan { get; set; } = new();

    /// <summary>Requests of one model this gateway lets wait for a worker before answering 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxWaitingPerModel { get; set; } = 512;

    /// <summary>
    /// How long a worker running a generation may go unheard (it sends a heartbeat every second) before the gateway
    /// takes it for dead: a generation that has shown no text yet is then retried once on another worker, one that has
    /// ends with a <c>worker_lost</c> error event.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan WorkerLeaseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>When the oldest waiting request of a model has waited this long, new ones get 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxWaitTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// API key records, and prefixes found to belong to no key, kept in memory: bounded, so requests with random
    /// keys cannot grow it. Known keys are kept 30 s, unknown prefixes 5 s.
    /// </summary>
    [Range(100, 10_000_000)]
    public int KeyCacheSize { get; set; } = 50_000;

    /// <summary>
    /// Before authentication, per client address (IPv6 per /64): how many requests whose key is not in the cache,
    /// and so cost a database lookup, may come in a burst; beyond it they get 429 with Retry-After.
    /// </summary>
    [Range(1, 1_000_000)]
    public int KeyLookupBurstPerAddress { get; set; } = 100;

    /// <summary>How fast that per-address allowance of key lookups refills, per second.</summary>
    [Range(1, 1_000_000)]
    public int KeyLookupsPerSecondPerAddress { get; set; } = 10;

    /// <summary>What requests that leave sampling fields out get.</summary>
    public SamplingDefaults Sampling { get; set; } = new();

    public IReadOnlySet<string> ServedModels() => new HashSet<string>(Models.Append(DefaultModel), StringComparer.Ordinal);
}

using System.ComponentModel.DataAnnotations;

namespace Platform.AdminConsole;

/// <summary>Settings under <c>AdminConsole</c>, validated at start-up.</summary>
public sealed class AdminConsoleOptions
{
    public const string Section = "AdminConsole";

    /// <summary>The gateway whose admin API the console drives; empty means this same process (the embedded host).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>
    /// The console's own credential for the admin API (the gateway's <c>Secrets:AdminConsoleToken</c>). It never reaches
    /// a browser; with it the console names the signed-in person in the audit log.
    /// </summary>
    [Required(ErrorMessage = "AdminConsole:GatewayToken is required (the gateway's Secrets:AdminConsoleToken).")]
    [RegularExpression("^sk-admin-.{16,}$", ErrorMessage = "AdminConsole:GatewayToken must start with sk-admin- followed by at least 16 characters.")]
    public string GatewayToken { get; set; } = "";

    /// <summary>Whether people may sign in with the admin token (embedded and development); turn off where OIDC is set.</summary>
    public bool AllowTokenSignIn { get; set; } = true;

    /// <summary>Prometheus endpoints whose engine metrics the Fleet and Overview pages read; empty means this process's <c>/metrics</c> when embedded.</summary>
    public List<string> MetricsUrls { get; set; } = [];

    /// <summary>How long a sign-in lasts without activity.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public OidcSettings Oidc { get; set; } = new();

    /// <summary>OpenID Connect sign-in; enabled when <see cref="Authority"/> is set.</summary>
    public sealed class OidcSettings
    {
        /// <summary>The issuer, e.g. <c>https://login.example.com/realms/ops</c>; its discovery document is read from there.</summary>
        public string? Authority { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        /// <summary>The ID-token claim holding roles or groups.</summary>
        public string RoleClaim { get; set; } = "roles";

        /// <summary>The role (or group) value that makes a user an admin.</summary>
        public string AdminRole { get; set; } = "platform-admin";

        /// <summary>The role (or group) value that lets a user look but not change anything.</summary>
        public string ReadOnlyRole { get; set; } = "platform-viewer";

        /// <summary>Metadata over plain HTTP: only for loopback identity providers in development and tests.</summary>
        public bool RequireHttpsMetadata { get; set; } = true;

        public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
    }
}

using System.Text.RegularExpressions;

namespace Platform.Operations.Tests.Helm;

/// <summary>
/// The admin console in the distributed topology: its own hardened Deployment and Service, pointed at the gateway's
/// admin API on the management Service with a credential the gateway also holds, reachable through the Ingress only
/// when asked, and let through the NetworkPolicies to exactly what it reads.
/// </summary>
public sealed class AdminConsoleChartTests
{
    private static string Deployment => Chart.Template("admin-console-deployment.yaml");

    [Fact]
    public void Console_is_the_hardened_workload_pointed_at_the_gateways_management_service()
    {
        Assert.Contains("include \"platform.deployment\" (dict", Deployment, StringComparison.Ordinal);
        Assert.Contains("\"component\" \"admin-console\"", Deployment, StringComparison.Ordinal);
        Assert.Contains("\"replicas\" $values.replicas", Deployment, StringComparison.Ordinal);

        var env = Chart.Define("platform.adminConsoleEnv");
        Assert.Contains("- name: AdminConsole__GatewayUrl\n  value: {{ printf \"http://%s-gateway-management:%v\" $fullname .Values.ports.management | quote }}", env, StringComparison.Ordinal);
        Assert.Contains("name: {{ include \"platform.fullname\" $ }}-{{ $component }}-management", Chart.Template("management-services.yaml"), StringComparison.Ordinal);
        Assert.Contains("-model-worker-management:%v/metrics", env, StringComparison.Ordinal);
        Assert.Contains("- name: ASPNETCORE_FORWARDEDHEADERS_ENABLED\n  value: \"true\"", env, StringComparison.Ordinal);
        Assert.DoesNotContain("connectionEnv", env, StringComparison.Ordinal); // no broker, database or Redis: only the admin API

        var values = Chart.Values()["adminConsole"]!;
        Assert.Equal(true, (bool?)values["enabled"]);
        Assert.Equal(1, (int?)values["replicas"]); // a Blazor circuit lives in one pod
        Assert.Equal("", (string?)values["oidc"]!["authority"]);
    }

    [Fact]
    public void Console_and_gateway_read_the_same_credential_from_the_gateways_secret()
    {
        var consoleToken = Regex.Match(Chart.Define("platform.adminConsoleEnv"),
            @"- name: AdminConsole__GatewayToken\n  valueFrom:\n    secretKeyRef:\n      name: (?<secret>.+)\n      key: (?<key>.+)\n");
        var gatewayToken = Regex.Match(Chart.Template("gateway-deployment.yaml"),
            @"- name: Secrets__AdminConsoleToken\n  valueFrom:\n    secretKeyRef:\n      name: (?<secret>.+)\n      key: (?<key>.+)\n");

        Assert.True(consoleToken.Success && gatewayToken.Success);
        Assert.Equal("{{ .Values.gateway.secrets.secretName }}", consoleToken.Groups["secret"].Value);
        Assert.Equal("{{ $values.secrets.secretName }}", gatewayToken.Groups["secret"].Value); // $values = .Values.gateway there
        Assert.Equal("{{ $values.tokenKey }}", consoleToken.Groups["key"].Value); // $values = .Values.adminConsole there
        Assert.Equal("{{ .Values.adminConsole.tokenKey }}", gatewayToken.Groups["key"].Value);
        Assert.Equal("admin-console-token", (string?)Chart.Values()["adminConsole"]!["tokenKey"]);
    }

    [Fact]
    public void Console_is_served_at_its_path_base_through_its_own_service_and_the_ingress_only_when_enabled()
    {
        var service = Chart.Template("admin-console-service.yaml");
        Assert.Contains("name: {{ include \"platform.fullname\" . }}-admin-console\n", service, StringComparison.Ordinal);
        Assert.Contains("targetPort: http\n", service, StringComparison.Ordinal);
        Assert.Contains("(dict \"root\" $ \"component\" \"admin-console\")", service, StringComparison.Ordinal);

        var ingress = Chart.Template("ingress.yaml");
        Assert.Contains("{{- if and $.Values.adminConsole.enabled $.Values.adminConsole.ingress.enabled }}\n          - path: {{ $.Values.adminConsole.ingress.path }}", ingress, StringComparison.Ordinal);
        Assert.Contains("name: {{ include \"platform.fullname\" $ }}-admin-console\n", ingress, StringComparison.Ordinal);
        var values = Chart.Values()["adminConsole"]!["ingress"]!;
        Assert.Equal(false, (bool?)values["enabled"]);

        // The path the console serves under, in its own code.
        var pathBase = Regex.Match(Repository.Read("services/admin-console/Platform.AdminConsole/Extensions/AdminConsoleExtensions.cs"), @"PathBase = ""(?<path>[^""]+)""");
        Assert.Equal(pathBase.Groups["path"].Value, (string?)values["path"]);
    }

    [Fact]
    public void Network_policies_let_the_console_reach_management_ports_and_its_identity_provider_only()
    {
        var policies = Chart.Template("networkpolicy.yaml").Split("\n---\n");
        var console = Assert.Single(policies, policy => policy.Contains("name: {{ $fullname }}-admin-console\n", StringComparison.Ordinal));
        Assert.Contains("(dict \"root\" $ \"component\" \"admin-console\")", console, StringComparison.Ordinal);
        Assert.Contains("ingress:\n    - ports:\n        - port: http\n", console, StringComparison.Ordinal);
        Assert.Contains("ports:\n        - port: management\n", console, StringComparison.Ordinal);
        Assert.Contains("platform.egressRule\" $np.egress.oidc", console, StringComparison.Ordinal);
        Assert.Equal(443, (int?)Chart.Values()["networkPolicy"]!["egress"]!["oidc"]!["port"]);

        var fromConsole = Assert.Single(policies, policy => policy.Contains("-management-from-admin-console\n", StringComparison.Ordinal));
        Assert.Contains("- port: management\n", fromConsole, StringComparison.Ordinal);
        Assert.DoesNotContain("port: http", fromConsole, StringComparison.Ordinal);
        Assert.Contains("from:\n        - podSelector:\n            matchLabels:\n              {{- include \"platform.selectorLabels\" (dict \"root\" $ \"component\" \"admin-console\")", fromConsole, StringComparison.Ordinal);
    }
}

using System.Text.RegularExpressions;

namespace Platform.Operations.Tests.Helm;

/// <summary>Only the gateway's API port is reachable from outside; pods reach DNS, the broker, the database, Redis and the collector, nothing else.</summary>
public sealed class NetworkTests
{
    private static string Policies => Chart.Template("networkpolicy.yaml");

    /// <summary>The manifests of networkpolicy.yaml, one per '---'.</summary>
    private static IReadOnlyList<string> Manifests => Policies.Split("\n---\n");

    private static string PolicyName(string manifest) =>
        Regex.Match(manifest, @"name: \{\{ \$fullname \}\}-([a-z-]+)\n").Groups[1].Value;

    private static string Manifest(string nameSuffix) =>
        Manifests.Single(manifest => manifest.Contains($"name: {{{{ $fullname }}}}-{nameSuffix}\n", StringComparison.Ordinal));

    [Fact]
    public void Every_pod_denies_all_traffic_the_policies_do_not_allow()
    {
        var deny = Manifest("default-deny");

        Assert.Contains("{{- include \"platform.releaseSelector\" . | nindent 6 }}", deny, StringComparison.Ordinal);
        Assert.Contains("policyTypes: [Ingress, Egress]", deny, StringComparison.Ordinal);
        Assert.DoesNotContain("ingress:", deny, StringComparison.Ordinal);
        Assert.DoesNotContain("egress:", deny, StringComparison.Ordinal);
        Assert.Equal(true, (bool?)Chart.Values()["networkPolicy"]!["enabled"]);
    }

    [Fact]
    public void Only_the_gateway_api_port_is_open_to_the_outside_and_management_only_to_monitoring()
    {
        var gateway = Manifest("gateway-ingress");
        Assert.Contains("(dict \"root\" $ \"component\" \"gateway\")", gateway, StringComparison.Ordinal);
        Assert.Contains("- port: http\n", gateway, StringComparison.Ordinal);
        Assert.Contains("from:\n        {{- toYaml . | nindent 8 }}", gateway, StringComparison.Ordinal);

        var management = Manifest("management-ingress");
        Assert.Contains("- port: management\n", management, StringComparison.Ordinal);
        Assert.DoesNotContain("port: http", management, StringComparison.Ordinal);

        // No other policy admits traffic but the admin console's two (AdminConsoleChartTests).
        Assert.Equal(["gateway-ingress", "management-ingress", "admin-console", "management-from-admin-console"],
            Manifests.Where(manifest => manifest.Contains("  ingress:\n", StringComparison.Ordinal)).Select(PolicyName).ToArray());

        // The public Service and the Ingress reach the http port only, and the Ingress only under /v1, over TLS.
        var service = Chart.Template("gateway-service.yaml");
        Assert.Single(Regex.Matches(service, "targetPort:"));
        Assert.Contains("targetPort: http\n", service, StringComparison.Ordinal);
        var ingress = Chart.Template("ingress.yaml");
        Assert.Contains("port:\n                  name: http", ingress, StringComparison.Ordinal);
        Assert.Contains("required \"ingress.tls: the Ingress serves TLS only\" .Values.ingress.tls", ingress, StringComparison.Ordinal);
        Assert.All(Chart.Values()["ingress"]!["paths"]!.AsArray(), path => Assert.StartsWith("/v1", (string?)path, StringComparison.Ordinal));
        Assert.DoesNotContain("port: management", service + ingress, StringComparison.Ordinal);
        Assert.DoesNotContain("name: management", service + ingress, StringComparison.Ordinal);
    }

    [Fact]
    public void Egress_reaches_only_dns_the_broker_the_database_redis_and_the_collector()
    {
        var egress = Chart.Values()["networkPolicy"]!["egress"]!.AsObject();
        Assert.Equal(["oidc", "otel", "postgres", "rabbitmq", "redis"], egress.Select(entry => entry.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(5672, (int)egress["rabbitmq"]!["port"]!);
        Assert.Equal(5432, (int)egress["postgres"]!["port"]!);
        Assert.Equal(6379, (int)egress["redis"]!["port"]!);
        Assert.Empty(Chart.Values()["networkPolicy"]!["extraEgress"]!.AsArray());

        var all = Manifest("egress");
        Assert.Contains("kubernetes.io/metadata.name: kube-system", all, StringComparison.Ordinal);
        Assert.Contains("- { port: 53, protocol: UDP }", all, StringComparison.Ordinal);
        Assert.Contains("platform.egressRule\" $np.egress.rabbitmq", all, StringComparison.Ordinal);
        Assert.DoesNotContain("$np.egress.postgres", all, StringComparison.Ordinal);
        Assert.DoesNotContain("$np.egress.redis", all, StringComparison.Ordinal);

        // PostgreSQL for the gateway only (the usage ledger, tenants, keys); Redis for the services that use it.
        var postgres = Manifest("egress-postgres");
        Assert.Contains("(dict \"root\" $ \"component\" \"gateway\")", postgres, StringComparison.Ordinal);
        Assert.Contains("$np.egress.postgres", postgres, StringComparison.Ordinal);
        var redis = Manifest("egress-redis");
        Assert.Contains("values: [gateway, completion, chat]", redis, StringComparison.Ordinal);
        Assert.DoesNotContain("model-worker", redis, StringComparison.Ordinal);

        // No other policy opens egress but the admin console's (to the release's management ports and its identity provider).
        Assert.Equal(["egress", "egress-redis", "egress-postgres", "admin-console"],
            Manifests.Where(manifest => manifest.Contains("  egress:\n", StringComparison.Ordinal)).Select(PolicyName).ToArray());
        Assert.DoesNotContain("$np.egress.oidc", string.Join("\n", Manifests.Where(manifest => PolicyName(manifest) != "admin-console")), StringComparison.Ordinal);
    }
}

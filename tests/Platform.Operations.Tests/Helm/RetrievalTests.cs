namespace Platform.Operations.Tests.Helm;

/// <summary>
/// Retrieval runs as a StatefulSet: replica N owns shard N of the tenants on a volume of its own, and every service
/// routes by the same shard count.
/// </summary>
public sealed class RetrievalTests
{
    private static readonly string Template = Chart.Template("retrieval-statefulset.yaml");

    [Fact]
    public void Each_replica_is_the_shard_of_its_ordinal_with_a_volume_of_its_own()
    {
        Assert.Contains("kind: StatefulSet", Template, StringComparison.Ordinal);
        Assert.Contains("fieldPath: metadata.labels['apps.kubernetes.io/pod-index']", Template, StringComparison.Ordinal);
        Assert.Contains("- name: Retrieval__Shard\n              value: $(POD_INDEX)", Template, StringComparison.Ordinal);
        Assert.Contains("volumeClaimTemplates:\n    - metadata:\n        name: data", Template, StringComparison.Ordinal);
        Assert.Contains("- name: data\n              mountPath: /data", Template, StringComparison.Ordinal);
        Assert.DoesNotContain("- name: data\n          emptyDir", Template, StringComparison.Ordinal); // the claim, not scratch
        Assert.Contains("clusterIP: None", Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_service_routes_by_the_retrieval_replica_count()
    {
        // The settings ConfigMap reaches every pod (gateway, completion, chat and the replicas themselves).
        Assert.Contains("Retrieval__Shards: {{ .Values.retrieval.replicas | quote }}", Chart.Template("configmap.yaml"), StringComparison.Ordinal);
        Assert.Contains("name: {{ include \"platform.fullname\" . }}-settings", Template, StringComparison.Ordinal);
        Assert.Equal(1, (int?)Chart.Values()["retrieval"]!["replicas"]);
    }

    [Fact]
    public void Retrieval_pods_are_hardened_like_the_other_workloads()
    {
        Assert.Contains("securityContext:\n        {{- toYaml .Values.podSecurityContext", Template, StringComparison.Ordinal);
        Assert.Contains("securityContext:\n            {{- toYaml .Values.securityContext", Template, StringComparison.Ordinal);
        Assert.Contains("automountServiceAccountToken: false", Template, StringComparison.Ordinal);
        Assert.Contains("path: /health/ready", Template, StringComparison.Ordinal);
        var resources = Chart.Values()["retrieval"]!["resources"]!;
        Assert.NotNull(resources["requests"]!["memory"]);
        Assert.NotNull(resources["limits"]!["cpu"]);
    }
}

namespace Platform.Operations.Tests.Helm;

/// <summary>Dapr sidecars only behind dapr.enabled, with the secret-store component and a Configuration that scopes its secrets.</summary>
public sealed class DaprTests
{
    [Fact]
    public void Sidecar_annotations_only_with_the_switch()
    {
        var workload = Chart.Define("platform.deployment");
        var annotations = Chart.Define("platform.daprAnnotations");

        Assert.Contains("{{- if $root.Values.dapr.enabled }}\n        {{- include \"platform.daprAnnotations\" . | nindent 8 }}", workload, StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(string.Concat(Chart.Templates().Values), "dapr.io/enabled"));
        foreach (var annotation in new[] { "dapr.io/enabled: \"true\"", "dapr.io/app-id:", "dapr.io/config:", "dapr.io/sidecar-seccomp-profile-type: RuntimeDefault", "dapr.io/disable-builtin-k8s-secret-store: \"true\"" })
        {
            Assert.Contains(annotation, annotations, StringComparison.Ordinal);
        }

        Assert.Equal(false, (bool?)Chart.Values()["dapr"]!["enabled"]);
    }

    [Fact]
    public void The_secret_store_and_configuration_components_scope_the_secrets()
    {
        var dapr = Chart.Template("dapr.yaml");

        Assert.Contains("{{- if .Values.dapr.enabled }}", dapr, StringComparison.Ordinal);
        Assert.Contains("kind: Component", dapr, StringComparison.Ordinal);
        Assert.Contains("type: secretstores.{{ $store.type }}", dapr, StringComparison.Ordinal);
        Assert.Contains("kind: Configuration", dapr, StringComparison.Ordinal);
        Assert.Contains("defaultAccess: deny", dapr, StringComparison.Ordinal);
        Assert.Equal("kubernetes", (string?)Chart.Values()["dapr"]!["secretStore"]!["type"]);

        // The gateway reads its secrets from the store named in Dapr:SecretStore; only it may read them.
        Assert.Contains("- name: Dapr__SecretStore", Chart.Template("gateway-deployment.yaml"), StringComparison.Ordinal);
        var rbac = Chart.Template("serviceaccount.yaml");
        Assert.Contains("resourceNames:", rbac, StringComparison.Ordinal);
        Assert.Contains("verbs: [\"get\"]", rbac, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_hosted_runs_have_a_local_file_secret_store()
    {
        var component = Yaml.Load(Repository.Read("infra/dapr/components/secretstore.yaml"));

        Assert.Equal("secretstores.local.file", component.At("spec.type").Text());
        Assert.Equal(Chart.Values()["dapr"]!["secretStore"]!["name"]!.GetValue<string>(), component.At("metadata.name").Text());
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Operations.Tests.Helm;

/// <summary>Every pod the chart runs is hardened, sized and drains its streams on shutdown.</summary>
public sealed class WorkloadTests
{
    private const string Workload = "platform.deployment";

    [Fact]
    public void Every_Deployment_is_the_hardened_workload_template()
    {
        var templates = Chart.Templates();
        var handWritten = templates.Where(entry => entry.Key != "_workload.tpl" && Regex.IsMatch(entry.Value, "(?m)^kind: Deployment"));
        Assert.Empty(handWritten);

        var callers = templates.Where(entry => entry.Value.Contains($"include \"{Workload}\"", StringComparison.Ordinal))
            .Select(entry => entry.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["admin-console-deployment.yaml", "backend-deployments.yaml", "gateway-deployment.yaml", "model-worker-deployments.yaml"], callers);
        Assert.Contains("list \"completion\" \"chat\"", templates["backend-deployments.yaml"], StringComparison.Ordinal);
        Assert.Contains("range $entry := .Values.modelWorker.models", templates["model-worker-deployments.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void Pods_run_non_root_with_RuntimeDefault_seccomp_a_read_only_root_and_no_token()
    {
        var workload = Chart.Define(Workload);
        var values = Chart.Values();

        Assert.Contains("securityContext:\n        {{- toYaml $root.Values.podSecurityContext", workload, StringComparison.Ordinal);
        Assert.Contains("securityContext:\n            {{- toYaml $root.Values.securityContext", workload, StringComparison.Ordinal);
        Assert.Equal(true, (bool?)values["podSecurityContext"]!["runAsNonRoot"]);
        Assert.Equal("RuntimeDefault", (string?)values["podSecurityContext"]!["seccompProfile"]!["type"]);
        Assert.Equal(true, (bool?)values["securityContext"]!["readOnlyRootFilesystem"]);
        Assert.Equal(false, (bool?)values["securityContext"]!["allowPrivilegeEscalation"]);
        Assert.Equal(["ALL"], values["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(item => (string?)item));

        // The token: never for the backends and workers; the gateway only with Dapr's Kubernetes secret store.
        Assert.Contains("automountServiceAccountToken: {{ eq (toString .token) \"true\" }}", workload, StringComparison.Ordinal);
        Assert.DoesNotContain("\"token\"", Chart.Template("backend-deployments.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"token\"", Chart.Template("model-worker-deployments.yaml"), StringComparison.Ordinal);
        Assert.Contains("\"token\" (include \"platform.daprKubernetesSecrets\" .)", Chart.Template("gateway-deployment.yaml"), StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(Chart.Template("serviceaccount.yaml"), "automountServiceAccountToken: false"));
    }

    [Fact]
    public void The_read_only_root_has_writable_scratch_volumes()
    {
        var workload = Chart.Define(Workload);

        foreach (var (volume, path) in new[] { ("tmp", "/tmp"), ("data", "/data") })
        {
            Assert.Contains($"- name: {volume}\n              mountPath: {path}", workload, StringComparison.Ordinal);
            Assert.Contains($"- name: {volume}\n          emptyDir:\n            sizeLimit:", workload, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_container_has_cpu_and_memory_requests_and_limits()
    {
        var values = Chart.Values("values.yaml", "values-gpu.yaml");
        var sized = new List<(string Who, JsonNode? Resources)>
        {
            ("gateway", values["gateway"]!["resources"]),
            ("completion", values["completion"]!["resources"]),
            ("chat", values["chat"]!["resources"]),
            ("admin-console", values["adminConsole"]!["resources"]),
            ("dapr sidecar", values["dapr"]!["sidecar"]!["resources"]),
        };
        sized.AddRange(Chart.Values()["modelWorker"]!["models"]!.AsArray()
            .Concat(values["modelWorker"]!["models"]!.AsArray())
            .Select(model => ($"model {model!["name"]}", Chart.ModelSettings(values, model!)["resources"])));

        foreach (var (who, resources) in sized)
        {
            foreach (var kind in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(resources?[kind]?[resource] is not null, $"{who}: no {kind}.{resource}");
                }
            }
        }

        Assert.Contains("resources:\n            {{- toYaml $settings.resources", Chart.Define(Workload), StringComparison.Ordinal);
        foreach (var resource in new[] { "cpu-request", "memory-request", "cpu-limit", "memory-limit" })
        {
            Assert.Contains($"dapr.io/sidecar-{resource}:", Chart.Define("platform.daprAnnotations"), StringComparison.Ordinal);
        }
    }

    /// <summary>A stream may run for the gateway's request timeout (60 s): preStop, then the drain, must fit in the grace period.</summary>
    [Fact]
    public void Shutdown_leaves_streams_time_to_finish()
    {
        const int RequestTimeoutSeconds = 60;
        var values = Chart.Values();
        var preStop = (int)values["shutdown"]!["preStopSeconds"]!;
        var workload = Chart.Define(Workload);

        Assert.Contains("preStop:\n              sleep:\n                seconds: {{ $preStop }}", workload, StringComparison.Ordinal);
        Assert.Contains("terminationGracePeriodSeconds: {{ $grace }}", workload, StringComparison.Ordinal);
        Assert.Contains("- name: shutdownTimeoutSeconds\n              value: {{ sub $grace (add $preStop 5) | quote }}", workload, StringComparison.Ordinal);
        Assert.InRange(preStop, 5, 30);
        foreach (var grace in new[] { values["gateway"]!["terminationGracePeriodSeconds"], values["modelWorker"]!["defaults"]!["terminationGracePeriodSeconds"] })
        {
            Assert.True((int)grace! - preStop - 5 >= RequestTimeoutSeconds, $"grace {grace}s leaves under {RequestTimeoutSeconds}s to drain");
        }
    }

    [Fact]
    public void Probes_and_metrics_use_the_management_port()
    {
        var workload = Chart.Define(Workload);

        Assert.Equal(2, Regex.Count(workload, @"path: /health/(ready|live)\n              port: management"));
        Assert.Contains("prometheus.io/port: {{ $root.Values.ports.management | quote }}", workload, StringComparison.Ordinal);
        Assert.Contains("printf \"http://+:%v;http://+:%v\" .Values.ports.http .Values.ports.management", Chart.Template("configmap.yaml"), StringComparison.Ordinal);
        var ports = Chart.Values()["ports"]!;
        Assert.NotEqual((int)ports["http"]!, (int)ports["management"]!);
    }

    [Fact]
    public void Every_service_and_model_has_a_disruption_budget()
    {
        var pdb = Chart.Template("pdb.yaml");

        Assert.Contains("kind: PodDisruptionBudget", pdb, StringComparison.Ordinal);
        Assert.Contains("list \"gateway\" \"completion\" \"chat\"", pdb, StringComparison.Ordinal);
        Assert.Contains("range $entry := .Values.modelWorker.models", pdb, StringComparison.Ordinal);
        Assert.Contains("maxUnavailable: {{ $.Values.podDisruptionBudget.maxUnavailable }}", pdb, StringComparison.Ordinal);
        Assert.Equal(true, (bool?)Chart.Values()["podDisruptionBudget"]!["enabled"]);
    }

    [Fact]
    public void No_image_calls_home()
    {
        var settings = Chart.Template("configmap.yaml");

        Assert.Contains("ORT_DISABLE_TELEMETRY: \"1\"", settings, StringComparison.Ordinal);
        Assert.Contains("DOTNET_CLI_TELEMETRY_OPTOUT: \"1\"", settings, StringComparison.Ordinal);
        Assert.Contains("envFrom:\n            - configMapRef:", Chart.Define(Workload), StringComparison.Ordinal);
    }
}

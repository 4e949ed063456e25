using System.Text.Json.Nodes;

namespace Platform.Operations.Tests.Helm;

/// <summary>One worker Deployment and one KEDA ScaledObject per model; GPU models land on GPU nodes with their GPUs.</summary>
public sealed class FleetTests
{
    [Fact]
    public void Each_model_gets_its_own_scaled_object_on_its_queue()
    {
        var keda = Chart.Template("model-worker-keda.yaml");

        Assert.Contains("range $entry := .Values.modelWorker.models", keda, StringComparison.Ordinal);
        Assert.Contains("kind: ScaledObject", keda, StringComparison.Ordinal);
        Assert.Contains("queueName: {{ include \"platform.modelQueue\" $model.name | quote }}", keda, StringComparison.Ordinal);
        foreach (var setting in new[] { "pollingInterval: {{ int $keda.pollingInterval }}", "cooldownPeriod: {{ int $keda.cooldownPeriod }}",
                     "minReplicaCount: {{ int $keda.minReplicaCount }}", "maxReplicaCount: {{ int $keda.maxReplicaCount }}",
                     "activationValue: {{ $keda.activationQueueLength", "value: {{ $keda.queueLength", "mode: QueueLength" })
        {
            Assert.Contains(setting, keda, StringComparison.Ordinal);
        }

        Assert.Contains("\"replicas\" (ternary nil $model.replicas $model.keda.enabled)", Chart.Template("model-worker-deployments.yaml"), StringComparison.Ordinal);
    }

    /// <summary>The chart's queue name is the one the workers consume (ModelQueues.EndpointName): lowercase, other characters as '-'.</summary>
    [Fact]
    public void The_queue_name_follows_the_workers_naming()
    {
        var helper = Chart.Define("platform.modelQueue");

        Assert.Contains("printf \"model-%s\" (regexReplaceAll \"[^a-z0-9-]\" (lower .) \"-\")", helper, StringComparison.Ordinal);
        var source = Repository.Read("services/service-defaults/Messaging/ModelQueues.cs");
        Assert.Contains("new StringBuilder(\"model-\"", source, StringComparison.Ordinal);
        Assert.Contains("model.ToLowerInvariant()", source, StringComparison.Ordinal);
        Assert.Contains("char.IsAsciiLetterOrDigit(character) || character == '-' ? character : '-'", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Scale_to_zero_is_a_per_model_choice()
    {
        var gpu = Chart.Values("values.yaml", "values-gpu.yaml");
        var minimums = gpu["modelWorker"]!["models"]!.AsArray()
            .Select(model => (int)Chart.ModelSettings(gpu, model!)["keda"]!["minReplicaCount"]!).ToList();

        Assert.Contains(0, minimums);
        Assert.Contains(1, minimums);
        Assert.True((int)Chart.Values()["modelWorker"]!["defaults"]!["keda"]!["minReplicaCount"]! >= 1, "models scale to zero only when asked");
    }

    [Fact]
    public void Gpu_models_request_nvidia_gpus_on_gpu_nodes()
    {
        var workers = Chart.Template("model-worker-deployments.yaml");

        Assert.Contains("ternary $.Values.modelWorker.gpuImage $.Values.modelWorker.image (gt $gpu 0)", workers, StringComparison.Ordinal);
        Assert.Contains("set $resources \"requests\" (merge (dict \"nvidia.com/gpu\" $gpu)", workers, StringComparison.Ordinal);
        Assert.Contains("set $resources \"limits\" (merge (dict \"nvidia.com/gpu\" $gpu)", workers, StringComparison.Ordinal);
        Assert.Contains("$model.gpuNodeSelector", workers, StringComparison.Ordinal);
        Assert.Contains("$model.gpuTolerations", workers, StringComparison.Ordinal);
        Assert.Contains("(ternary \"cuda\" \"cpu\" (gt $gpu 0)", workers, StringComparison.Ordinal);

        var defaults = Chart.Values()["modelWorker"]!["defaults"]!;
        Assert.Equal("true", (string?)defaults["gpuNodeSelector"]!["nvidia.com/gpu.present"]);
        Assert.Contains(defaults["gpuTolerations"]!.AsArray(), toleration => (string?)toleration!["key"] == "nvidia.com/gpu");
        var gpuValues = Chart.Values("values.yaml", "values-gpu.yaml");
        Assert.All(gpuValues["modelWorker"]!["models"]!.AsArray(), model => Assert.True((int)model!["gpu"]! > 0));
    }

    [Fact]
    public void Workers_drain_for_longer_than_a_generation()
    {
        var defaults = Chart.Values()["modelWorker"]!["defaults"]!.AsObject();

        Assert.True((int)defaults["terminationGracePeriodSeconds"]! >= 75);
        Assert.Contains("startupProbe", Chart.Template("model-worker-deployments.yaml"), StringComparison.Ordinal);
        Assert.IsType<JsonObject>(defaults["startupProbe"]);
    }
}

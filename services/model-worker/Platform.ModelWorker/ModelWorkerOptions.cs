using System.ComponentModel.DataAnnotations;
using Platform.Inference.Engine;

namespace Platform.ModelWorker;

/// <summary>Settings under <c>Worker</c>, validated at start-up.</summary>
public sealed class ModelWorkerOptions
{
    public const string Section = "Worker";

    /// <summary>The model this worker serves; its queue is <c>model-{name}</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")]
    public string Model { get; set; } = "tiny-coder";

    /// <summary>Folder holding model.onnx, genai_config.json and tokenizer.json. Default: <c>{data dir}/models/{model}</c>.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Generate the platform's tiny test model into the folder when it has no model (embedded default).</summary>
    public bool CreateTinyModelIfMissing { get; set; } = true;

    /// <summary>
    /// <c>engine</c> (default): paged KV cache and continuous batching. <c>simple</c>: one request at a time per slot,
    /// for model folders without the paged graph.
    /// </summary>
    [RegularExpression("^(engine|simple)$", ErrorMessage = "Worker:Runner must be 'engine' or 'simple'.")]
    public string Runner { get; set; } = "engine";

    /// <summary>KV cache and batching settings of the engine runner.</summary>
    public EngineOptions Engine { get; set; } = new();

    /// <summary>
    /// Generations this worker takes from the queue at once; the rest wait in the queue (an honest backlog for
    /// autoscaling). Default: the engine's batch size, or 4 for the simple runner.
    /// </summary>
    [Range(1, 1024)]
    public int? MaxConcurrentGenerations { get; set; }

    public int ConcurrencyLimit => MaxConcurrentGenerations ?? (Runner == "engine" ? Engine.MaxRunningSequences : 4);
}

using System.ComponentModel.DataAnnotations;
using Platform.Inference.Engine;

namespace Platform.ModelWorker;

/// <summary>Settings under <c>Worker</c>, validated at start-up (the engine's settings included).</summary>
internal sealed class ModelWorkerOptions : IValidatableObject
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

    /// <summary>KV cache and batching settings of the engine, which serves every model folder.</summary>
    public EngineOptions Engine { get; set; } = new();

    /// <summary>
    /// Generations this worker takes from the queue at once; the rest wait in the queue (an honest backlog for
    /// autoscaling). Default: the engine's batch size.
    /// </summary>
    [Range(1, 1024)]
    public int? MaxConcurrentGenerations { get; set; }

    /// <summary>
    /// How often the worker tells each waiting gateway which generations it is still running (their lease). Gateways
    /// take a worker for dead after <c>Gateway:WorkerLeaseTimeout</c> (3 s) without one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int ConcurrencyLimit => MaxConcurrentGenerations ?? Engine.MaxRunningSequences;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Engine.Validate().Select(error => new ValidationResult($"Worker:Engine: {error}", [nameof(Engine)]));
}

using System.ComponentModel.DataAnnotations;

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

    /// <summary>Generations this worker takes from the queue at once; the rest wait in the queue (an honest backlog).</summary>
    [Range(1, 1024)]
    public int MaxConcurrentGenerations { get; set; } = 4;
}

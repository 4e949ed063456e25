using System.ComponentModel.DataAnnotations;
using Platform.Inference.Engine;

namespace Platform.ModelWorker.Tests;

public sealed class ModelWorkerOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_take_as_many_generations_as_the_engine_runs()
    {
        var options = new ModelWorkerOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(options.Engine.MaxRunningSequences, options.ConcurrencyLimit);
    }

    [Fact]
    public void Bad_engine_settings_fail_validation_at_start_up()
    {
        var errors = Validate(new ModelWorkerOptions { Engine = new EngineOptions { ExecutionProvider = "tpu", BlockSize = 0 } });

        Assert.Contains(errors, e => e.StartsWith("Worker:Engine: ExecutionProvider", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("BlockSize", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cuda_block_size_the_paged_attention_kernel_rejects_fails_validation_at_start_up()
    {
        var errors = Validate(new ModelWorkerOptions { Engine = new EngineOptions { ExecutionProvider = EngineOptions.CudaProvider, BlockSize = 48 } });

        Assert.Contains(errors, e => e.Contains("BlockSize 48", StringComparison.Ordinal) && e.Contains("powers of two", StringComparison.Ordinal));
        Assert.Empty(Validate(new ModelWorkerOptions { Engine = new EngineOptions { ExecutionProvider = EngineOptions.CudaProvider, BlockSize = 32 } }));
    }

    private static List<string> Validate(ModelWorkerOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(result => result.ErrorMessage ?? "")];
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;
using Platform.Inference.Tests.Graphs;
using Platform.Inference.TinyModel;

namespace Platform.Inference.Tests.Runners;

/// <summary>
/// What of the CUDA runner runs without a GPU: the graph's I/O agrees with what the runner binds, the KV cache
/// allocation and zero fill (on the CPU allocator), and the errors when CUDA or the paged graph is missing.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class CudaPagedModelRunnerTests(TinyModelFixture tiny) : IDisposable
{
    private const int Float16 = 10;
    private const int Int32 = 6;
    private const int Int64 = 7;

    private readonly string _root = Directory.CreateTempSubdirectory("cuda-runner-tests-").FullName;

    [Fact]
    public void Graph_inputs_match_the_names_types_and_ranks_the_runner_binds()
    {
        var model = WriteGpuGraph(new PagedGraphOptions(BlockSize: 16, AttentionMetadata: true, LogitsIndices: true));
        var inputs = new PagedAttentionInputs();
        // What the runner binds each step: element type from the builder's buffer, rank from the shape it passes.
        var bound = new Dictionary<string, (int Type, int Rank)>
        {
            [PagedGraphNames.InputIds] = (TypeOf(inputs.InputIds), 1),
            [PagedGraphNames.BlockTable] = (TypeOf(inputs.BlockTable), 2),
            [PagedGraphNames.CumulativeSequenceLengths] = (TypeOf(inputs.CumulativeSequenceLengths), 1),
            [PagedGraphNames.PastSequenceLengths] = (TypeOf(inputs.PastSequenceLengths), 1),
            [PagedGraphNames.AttentionMetadata] = (TypeOf(inputs.AttentionMetadata), 1),
            [PagedGraphNames.LogitsIndices] = (TypeOf(inputs.LogitsIndices), 1),
        };
        using var cache = new PagedKvCache(OrtAllocator.DefaultInstance, 2, numBlocks: 3, blockSize: 16, kvHeads: 2, headSize: 16);
        for (var layer = 0; layer < 2; layer++)
        {
            bound[tiny.Config.Decoder.Names.PastKey(layer)] = (Float16, cache.Shape.Length);
            bound[tiny.Config.Decoder.Names.PastValue(layer)] = (Float16, cache.Shape.Length);
        }

        Assert.Equal(
            bound.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (b.Key, b.Value.Type, b.Value.Rank)),
            model.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => (i.Name, i.ElemType, i.Dims.Count)));
        var keyCache = model.Inputs.Single(i => i.Name == "past_key_values.0.key");
        Assert.Equal(["num_blocks", "block_size", "2", "16"], keyCache.Dims);
        Assert.Equal([3L, 16, 2, 16], cache.Shape);
        Assert.Equal(["num_logits", "1024"], model.Outputs.Single(o => o.Name == "logits").Dims);
        Assert.All(model.Outputs.Where(o => o.Name.StartsWith("present.", StringComparison.Ordinal)), o => Assert.Equal(Float16, o.ElemType));
    }

    [Fact]
    public void Logits_indices_gather_the_sampled_rows_before_the_final_norm()
    {
        var model = WriteGpuGraph(new PagedGraphOptions(LogitsIndices: true));

        var gather = model.Nodes.Single(n => n.OpType == "Gather" && n.Inputs.Contains("logits_indices"));
        var norm = model.Nodes.Last(n => n.OpType == "SimplifiedLayerNormalization");
        Assert.Equal(gather.Outputs[0], norm.Inputs[0]);
    }

    [Fact]
    public void Kv_cache_is_allocated_once_per_layer_and_zero_filled_in_place()
    {
        using var cache = new PagedKvCache(OrtAllocator.DefaultInstance, 2, numBlocks: 5, blockSize: 16, kvHeads: 2, headSize: 8);
        var before = new List<nint>();
        for (var layer = 0; layer < 2; layer++)
        {
            foreach (var value in new[] { cache.Key(layer), cache.Value(layer) })
            {
                value.GetTensorMutableRawData().Fill(0xFF); // NaN bit patterns, as fresh device memory may hold
                before.Add(value.GetTensorMutableRawData().Length);
                Assert.Equal(TensorElementType.Float16, value.GetTensorTypeAndShape().ElementDataType);
            }
        }

        using var options = new SessionOptions();
        cache.Zero(options);

        Assert.Equal(2L * 2 * 5 * 16 * 2 * 8 * 2, cache.Bytes);
        for (var layer = 0; layer < 2; layer++)
        {
            Assert.True(cache.Key(layer).GetTensorMutableRawData().IndexOfAnyExcept((byte)0) < 0);
            Assert.True(cache.Value(layer).GetTensorMutableRawData().IndexOfAnyExcept((byte)0) < 0);
        }
    }

    [Fact]
    public void Cuda_provider_that_cannot_load_fails_with_a_clear_error()
    {
        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => CudaSessionOptions.Create(new CudaProviderSettings()));

        Assert.Equal("CUDA", error.Provider);
        Assert.Contains("OnnxRuntimeFlavour=Gpu", error.Message, StringComparison.Ordinal);
        Assert.Contains("LD_LIBRARY_PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExecutionProvider=cpu", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Engine_asked_for_cuda_on_a_gpu_folder_reports_the_missing_provider()
    {
        var folder = WriteGpuFolder();

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => EngineTextGenerator.Load(
            folder, "gpu-model", new EngineOptions { ExecutionProvider = "cuda", NumBlocks = 8 }));

        Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_asked_for_cuda_on_a_cpu_only_folder_names_the_graph_it_needs()
    {
        var error = Assert.Throws<FileNotFoundException>(() => EngineTextGenerator.Load(
            tiny.Directory, "tiny", new EngineOptions { ExecutionProvider = "cuda" }));

        Assert.Contains("fp16 PagedAttention graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runner_plan_picks_the_graph_and_kv_element_width_per_provider()
    {
        var gpuFolder = WriteGpuFolder();
        var gpu = ModelRunnerFactory.Plan(gpuFolder, GenAiConfig.Load(Path.Combine(gpuFolder, GenAiConfig.FileName)), new EngineOptions { ExecutionProvider = "cuda" });
        var cpu = ModelRunnerFactory.Plan(tiny.Directory, tiny.Config, new EngineOptions());
        var standard = ModelRunnerFactory.Plan(tiny.StandardGraphDirectory, tiny.Config, new EngineOptions());

        Assert.Equal((RunnerKind.CudaPaged, "model.onnx", 2), (gpu.Kind, Path.GetFileName(gpu.GraphPath), gpu.BytesPerKvElement));
        Assert.Equal((RunnerKind.CpuPaged, "model.paged.onnx", 4), (cpu.Kind, Path.GetFileName(cpu.GraphPath), cpu.BytesPerKvElement));
        Assert.Equal((RunnerKind.StandardGraph, "model.onnx", 4), (standard.Kind, Path.GetFileName(standard.GraphPath), standard.BytesPerKvElement));
        // 2 layers x K/V x 2 heads x 16 x 2 bytes = 256 bytes a token: 1 MiB holds 256 blocks of 16.
        Assert.Equal(256, gpu.BlocksFor(tiny.Config.Decoder, new EngineOptions { KvCacheMemoryBytes = 1 << 20 }));
    }

    [Fact]
    public void The_swap_space_is_sized_in_blocks_for_runners_that_keep_kv_in_blocks_and_only_with_preemption_by_swap()
    {
        var gpuFolder = WriteGpuFolder();
        var gpu = ModelRunnerFactory.Plan(gpuFolder, GenAiConfig.Load(Path.Combine(gpuFolder, GenAiConfig.FileName)), new EngineOptions { ExecutionProvider = "cuda" });
        var cpu = ModelRunnerFactory.Plan(tiny.Directory, tiny.Config, new EngineOptions());
        var standard = ModelRunnerFactory.Plan(tiny.StandardGraphDirectory, tiny.Config, new EngineOptions());
        var swap = new EngineOptions { PreemptionMode = PreemptionMode.Swap, SwapSpaceBytes = 1 << 20 };

        // Blocks of 16 tokens at 256 bytes a token (fp16) or 512 (fp32): 1 MiB holds 256 or 128 of them.
        Assert.Equal((256, 128, 0), (gpu.HostBlocksFor(tiny.Config.Decoder, swap), cpu.HostBlocksFor(tiny.Config.Decoder, swap), standard.HostBlocksFor(tiny.Config.Decoder, swap)));
        Assert.Equal(0, cpu.HostBlocksFor(tiny.Config.Decoder, swap with { PreemptionMode = PreemptionMode.Recompute }));
        Assert.Contains(new EngineOptions { PreemptionMode = PreemptionMode.Swap, SwapSpaceBytes = 0 }.Validate(), e => e.Contains("SwapSpaceBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_execution_provider_is_a_validation_error()
    {
        var errors = new EngineOptions { ExecutionProvider = "tpu" }.Validate();

        Assert.Contains(errors, e => e.Contains("'cpu' or 'cuda'", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static int TypeOf<T>(Memory<T> _) =>
        typeof(T) == typeof(long) ? Int64 : typeof(T) == typeof(int) ? Int32 : throw new NotSupportedException(typeof(T).Name);

    private OnnxModelReader.Model WriteGpuGraph(PagedGraphOptions options)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, $"graph-{Guid.NewGuid():N}")).FullName;
        PagedAttentionGraphBuilder.WriteFolder(TinyModelSpec.Default.Architecture, name => tiny.Weights[name].Data, options, directory);
        return OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(directory, ModelFiles.Decoder)));
    }

    private string WriteGpuFolder()
    {
        var directory = Path.Combine(_root, "gpu");
        if (Directory.Exists(directory))
        {
            return directory;
        }

        Directory.CreateDirectory(directory);
        var arch = TinyModelSpec.Default.Architecture;
        var options = new PagedGraphOptions(BlockSize: 16, LogitsIndices: true);
        PagedAttentionGraphBuilder.WriteFolder(arch, name => tiny.Weights[name].Data, options, directory);
        using (var config = File.Create(Path.Combine(directory, GenAiConfig.FileName)))
        {
            GenAiConfig.For(arch, "qwen2", tiny.Config.BosTokenId, tiny.Config.PadTokenId, tiny.Config.EosTokenIds,
                new GenAiPagedAttention(options.BlockSize, options.AttentionMetadata)).Write(config);
        }

        File.Copy(Path.Combine(tiny.Directory, ModelFiles.Tokenizer), Path.Combine(directory, ModelFiles.Tokenizer));
        return directory;
    }
}

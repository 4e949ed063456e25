using System.Buffers.Binary;
using System.Text.Json;
using Platform.Inference.Graphs;
using Platform.Inference.Import;
using Platform.Inference.Tests.Import;

namespace Platform.Inference.Tests.Graphs;

/// <summary>
/// The fp16 PagedAttention graph cannot run here (the op has CUDA kernels only), so these tests check its
/// structure and weights by parsing the written files back.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class PagedAttentionGraphBuilderTests(TinyModelFixture tiny) : IDisposable
{
    private const int Float16 = 10;
    private const int Int32 = 6;
    private const int Int64 = 7;

    private readonly string _root = Directory.CreateTempSubdirectory("paged-graph-tests-").FullName;

    [Fact]
    public void Graph_has_the_genai_paged_inputs_and_outputs()
    {
        var model = Build(CheckpointStyle.Qwen2, new PagedGraphOptions());

        Assert.Equal(
            [("input_ids", Int64, "num_tokens"), ("block_table", Int32, "batch_size,max_num_blocks"),
             ("cumulative_sequence_lengths", Int32, "batch_size + 1"), ("past_sequence_lengths", Int32, "batch_size"),
             ("past_key_values.0.key", Float16, "num_blocks,block_size,2,16"), ("past_key_values.0.value", Float16, "num_blocks,block_size,2,16"),
             ("past_key_values.1.key", Float16, "num_blocks,block_size,2,16"), ("past_key_values.1.value", Float16, "num_blocks,block_size,2,16")],
            model.Inputs.Select(i => (i.Name, i.ElemType, string.Join(",", i.Dims))));
        Assert.Equal(
            [("logits", Float16, "num_tokens,1024"), ("present.0.key", Float16, "num_blocks,block_size,2,16"),
             ("present.0.value", Float16, "num_blocks,block_size,2,16"), ("present.1.key", Float16, "num_blocks,block_size,2,16"),
             ("present.1.value", Float16, "num_blocks,block_size,2,16")],
            model.Outputs.Select(o => (o.Name, o.ElemType, string.Join(",", o.Dims))));
        Assert.Contains(("com.microsoft", 1L), model.Opsets);
        Assert.Contains(("", 21L), model.Opsets);
    }

    [Fact]
    public void Each_layer_attends_through_one_paged_attention_node_with_fused_rope()
    {
        var model = Build(CheckpointStyle.Qwen2, new PagedGraphOptions());

        var attention = model.Nodes.Where(n => n.OpType == "PagedAttention").ToList();
        Assert.Equal(2, attention.Count);
        Assert.All(attention, n => Assert.Equal("com.microsoft", n.Domain));
        var first = attention[0];
        Assert.Equal(
            ["past_key_values.0.key", "past_key_values.0.value", "cumulative_sequence_lengths", "past_sequence_lengths", "block_table", "cos_cache", "sin_cache"],
            first.Inputs.Skip(3));
        Assert.Equal(["present.0.key", "present.0.value"], first.Outputs.Skip(1));
        Assert.Equal((4L, 2L, 1L, 0L, -1L), (first.Int("num_heads"), first.Int("kv_num_heads"), first.Int("do_rotary"), first.Int("rotary_interleaved"), first.Int("local_window_size")));
        Assert.Equal(0.25f, first.Float("scale"));
        Assert.Equal(5, model.Nodes.Count(n => n.OpType == "SimplifiedLayerNormalization"));
        Assert.Equal(6, model.Nodes.Count(n => n.OpType == "Add" && n.Inputs[1].EndsWith(".bias", StringComparison.Ordinal)));
        Assert.Equal("logits", model.Nodes.Single(n => n.Outputs.Contains("logits")).Outputs[0]);
    }

    [Fact]
    public void Attention_metadata_is_wired_to_the_op_s_input_16_when_asked_for()
    {
        var model = Build(CheckpointStyle.Llama, new PagedGraphOptions(AttentionMetadata: true));

        Assert.Contains(model.Inputs, i => i.Name == "attention_metadata" && i.ElemType == Int32 && i.Dims.SequenceEqual(["3"]));
        var node = model.Nodes.First(n => n.OpType == "PagedAttention");
        Assert.Equal(17, node.Inputs.Count);
        Assert.Equal("attention_metadata", node.Inputs[16]);
        Assert.All(node.Inputs.Skip(10).Take(6), input => Assert.Equal("", input));
        Assert.DoesNotContain(model.Nodes, n => n.OpType == "Add" && n.Inputs[1].EndsWith(".bias", StringComparison.Ordinal));
    }

    [Fact]
    public void Weights_are_fp16_external_data_rounded_to_nearest_even_and_transposed_for_matmul()
    {
        var model = Build(CheckpointStyle.Llama, new PagedGraphOptions());
        var data = File.ReadAllBytes(Path.Combine(_root, ModelFiles.ExternalData));
        var weights = CheckpointFolder.Weights(CheckpointStyle.Llama);

        var q = model.Initializers.Single(i => i.Name == "model.layers.1.self_attn.q_proj.weight.transposed");
        Assert.Equal((Float16, 1, "model.onnx.data"), (q.DataType, q.DataLocation, q.External["location"]));
        Assert.Equal([64L, 64L], q.Dims);
        var offset = int.Parse(q.External["offset"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, offset % 64);
        Assert.Equal(64 * 64 * 2, int.Parse(q.External["length"], System.Globalization.CultureInfo.InvariantCulture));
        var source = weights["model.layers.1.self_attn.q_proj.weight"].Data;
        for (var (row, column) = (0, 0); row < 64; row += 7, column = (column + 5) % 64)
        {
            // HF [out, in] element (row, column) sits at [in, out] position (column, row).
            var stored = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + (((column * 64) + row) * 2)));
            Assert.Equal(FloatFormats.ToFloat16(source[(row * 64) + column]), stored);
        }

        // Tied embeddings: lm_head is the embedding transposed; the graph must not ask for lm_head.weight.
        Assert.Equal([64L, 1024L], model.Initializers.Single(i => i.Name == "lm_head.MatMul.weight").Dims);
        Assert.Equal([512L, 8L], model.Initializers.Single(i => i.Name == "cos_cache").Dims);
        Assert.True(model.Initializers.All(i => i.RawBytes == 0 || i.RawBytes < 1024));
    }

    [Fact]
    public void Rotary_caches_apply_linear_scaling()
    {
        var arch = CheckpointFolder.Architecture(CheckpointStyle.Llama) with { RopeScaling = new RopeScaling(RopeScaling.Linear, 4) };
        var weights = CheckpointFolder.Weights(CheckpointStyle.Llama);
        PagedAttentionGraphBuilder.WriteFolder(arch, name => weights[name].Data, new PagedGraphOptions(), _root);
        var model = OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(_root, ModelFiles.Decoder)));
        var data = File.ReadAllBytes(Path.Combine(_root, ModelFiles.ExternalData));

        var cos = model.Initializers.Single(i => i.Name == "cos_cache");
        var offset = int.Parse(cos.External["offset"], System.Globalization.CultureInfo.InvariantCulture);
        // Position 8, frequency index 0 (θ^0 = 1): cos(8 / 4).
        var stored = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + (8 * 8 * 2)));
        Assert.Equal(FloatFormats.ToFloat16(MathF.Cos(2f)), stored);
    }

    [Fact]
    public void Gpu_import_writes_a_paged_genai_config_the_loader_reads()
    {
        var checkpoint = Path.Combine(_root, "hf");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Qwen2, CheckpointFolder.Weights(CheckpointStyle.Qwen2), SafetensorsDType.BF16, 2, tiny.Directory);
        var output = Path.Combine(_root, "gpu");

        var result = HuggingFaceImporter.Import(checkpoint, output, new ModelImportOptions { Target = ModelImportTarget.GpuPagedFloat16, PagedBlockSize = 16 });

        Assert.Contains("model.onnx.data", result.Files);
        var config = GenAiConfig.Load(Path.Combine(output, GenAiConfig.FileName));
        Assert.Equal(("qwen2", 2, 16), (config.ModelType, config.Decoder.NumKeyValueHeads, config.Decoder.HeadSize));
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, GenAiConfig.FileName)));
        var root = json.RootElement;
        Assert.Equal(16, root.GetProperty("engine").GetProperty("dynamic_batching").GetProperty("block_size").GetInt32());
        Assert.True(root.GetProperty("search").GetProperty("past_present_share_buffer").GetBoolean());
        Assert.Equal("block_table", root.GetProperty("model").GetProperty("decoder").GetProperty("inputs").GetProperty("block_table").GetString());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private OnnxModelReader.Model Build(CheckpointStyle style, PagedGraphOptions options)
    {
        var weights = CheckpointFolder.Weights(style);
        PagedAttentionGraphBuilder.WriteFolder(CheckpointFolder.Architecture(style), name => weights[name].Data, options, _root);
        return OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(_root, ModelFiles.Decoder)));
    }
}

using System.Buffers.Binary;
using System.Text.Json;
using Platform.Inference.Graphs;
using Platform.Inference.Import;

namespace Platform.Models.Benchmarks;

/// <summary>
/// Writes a random-weight bf16 checkpoint of a model's exact shapes, sharded as transformers saves large models
/// (model-0000i-of-0000N.safetensors + model.safetensors.index.json), with config.json and the real tokenizer.json.
/// Weights are N(0, 0.02) like the models' initialisation (norms 1, biases 0), streamed shard by shard.
/// </summary>
internal static class RandomCheckpointWriter
{
    private const long ShardBytes = 512L << 20;

    public static void Write(QwenCoderShapes shapes, string directory, string tokenizerJson)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), shapes.ConfigJson());
        File.WriteAllText(Path.Combine(directory, "generation_config.json"), """{ "bos_token_id": 151643, "eos_token_id": 151643 }""");
        File.Copy(tokenizerJson, Path.Combine(directory, "tokenizer.json"), overwrite: true);

        var tensors = Tensors(shapes);
        var shards = new List<List<(string Name, long[] Shape)>> { new() };
        long current = 0;
        foreach (var tensor in tensors)
        {
            var bytes = 2 * tensor.Shape.Aggregate(1L, (a, b) => a * b);
            if (current > 0 && current + bytes > ShardBytes)
            {
                shards.Add([]);
                current = 0;
            }

            shards[^1].Add(tensor);
            current += bytes;
        }

        var map = new Dictionary<string, string>();
        long total = 0;
        for (var i = 0; i < shards.Count; i++)
        {
            var file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            total += WriteShard(Path.Combine(directory, file), shards[i]);
            foreach (var (name, _) in shards[i])
            {
                map[name] = file;
            }
        }

        SafetensorsWriter.WriteIndex(Path.Combine(directory, SafetensorsCheckpoint.IndexFileName), map, total);
    }

    private static List<(string Name, long[] Shape)> Tensors(QwenCoderShapes s)
    {
        var head = s.HiddenSize / s.Heads;
        var q = s.Heads * head;
        var kv = s.KvHeads * head;
        var list = new List<(string, long[])> { ("model.embed_tokens.weight", [QwenCoderShapes.VocabSize, s.HiddenSize]) };
        for (var layer = 0; layer < s.Layers; layer++)
        {
            list.Add((DecoderWeights.Layer(layer, "input_layernorm.weight"), [s.HiddenSize]));
            list.Add((DecoderWeights.Layer(layer, "self_attn.q_proj.weight"), [q, s.HiddenSize]));
            list.Add((DecoderWeights.Layer(layer, "self_attn.q_proj.bias"), [q]));
            list.Add((DecoderWeights.Layer(layer, "self_attn.k_proj.weight"), [kv, s.HiddenSize]));
            list.Add((DecoderWeights.Layer(layer, "self_attn.k_proj.bias"), [kv]));
            list.Add((DecoderWeights.Layer(layer, "self_attn.v_proj.weight"), [kv, s.HiddenSize]));
            list.Add((DecoderWeights.Layer(layer, "self_attn.v_proj.bias"), [kv]));
            list.Add((DecoderWeights.Layer(layer, "self_attn.o_proj.weight"), [s.HiddenSize, q]));
            list.Add((DecoderWeights.Layer(layer, "post_attention_layernorm.weight"), [s.HiddenSize]));
            list.Add((DecoderWeights.Layer(layer, "mlp.gate_proj.weight"), [s.IntermediateSize, s.HiddenSize]));
            list.Add((DecoderWeights.Layer(layer, "mlp.up_proj.weight"), [s.IntermediateSize, s.HiddenSize]));
            list.Add((DecoderWeights.Layer(layer, "mlp.down_proj.weight"), [s.HiddenSize, s.IntermediateSize]));
        }

        list.Add(("model.norm.weight", [s.HiddenSize]));
        return list;
    }

    /// <summary>The safetensors layout: 8-byte header length, JSON header padded to 8 bytes, then each tensor's bf16 bytes.</summary>
    private static long WriteShard(string path, List<(string Name, long[] Shape)> tensors)
    {
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, shape) in tensors)
            {
                var size = 2 * shape.Aggregate(1L, (a, b) => a * b);
                json.WriteStartObject(name);
                json.WriteString("dtype", "BF16");
                json.WriteStartArray("shape");
                foreach (var dim in shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }

            json.WriteEndObject();
        }

        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        long total = 0;
        var buffer = new byte[1 << 20];
        foreach (var (name, shape) in tensors)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var random = new NormalSource(StableHash(name));
            var isNorm = name.EndsWith("layernorm.weight", StringComparison.Ordinal) || name == "model.norm.weight";
            var isBias = name.EndsWith(".bias", StringComparison.Ordinal);
            for (long written = 0; written < count;)
            {
                var chunk = (int)Math.Min(buffer.Length / 2, count - written);
                for (var i = 0; i < chunk; i++)
                {
                    var value = isNorm ? 1f : isBias ? 0f : 0.02f * random.Next();
                    BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(2 * i), FloatFormats.ToBFloat16(value));
                }

                stream.Write(buffer, 0, 2 * chunk);
                written += chunk;
            }

            total += 2 * count;
        }

        return total;
    }

    /// <summary>FNV-1a of the name: string.GetHashCode differs between processes.</summary>
    private static ulong StableHash(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Standard normal samples from xorshift64* and Box-Muller: fast, deterministic per tensor, good enough for noise weights.</summary>
    private sealed class NormalSource(ulong seed)
    {
        private ulong _state = seed == 0 ? 1 : seed;
        private float? _spare;

        public float Next()
        {
            if (_spare is { } spare)
            {
                _spare = null;
                return spare;
            }

            var u1 = Math.Max(Uniform(), 1e-12);
            var u2 = Uniform();
            var radius = Math.Sqrt(-2 * Math.Log(u1));
            _spare = (float)(radius * Math.Sin(2 * Math.PI * u2));
            return (float)(radius * Math.Cos(2 * Math.PI * u2));
        }

        private double Uniform()
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            return ((_state * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53));
        }
    }
}

using System.Buffers.Binary;
using System.Text.Json;
using Platform.Inference.Graphs;

namespace Platform.Inference.Import;

/// <summary>Writes .safetensors files (tests build Hugging Face checkpoint folders with it; tools can too).</summary>
internal static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Write(stream, tensors, metadata);
    }

    public static void Write(Stream destination, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in tensors)
            {
                var count = tensor.Shape.Aggregate(1L, (a, b) => a * b);
                if (count != tensor.Values.Length)
                {
                    throw new ArgumentException($"Tensor '{tensor.Name}' has {tensor.Values.Length} values for shape [{string.Join(", ", tensor.Shape)}].");
                }

                var size = count * SafetensorsDTypes.Size(tensor.DType);
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", SafetensorsDTypes.Name(tensor.DType));
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
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

        // Pad the header with spaces to a multiple of 8 so tensor data stays aligned, as the reference writer does.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, header.Length);
        destination.Write(length);
        header.Position = 0;
        header.CopyTo(destination);
        foreach (var tensor in tensors)
        {
            destination.Write(Encode(tensor.Values, tensor.DType));
        }
    }

    public static byte[] Encode(ReadOnlySpan<float> values, SafetensorsDType type)
    {
        var bytes = new byte[values.Length * SafetensorsDTypes.Size(type)];
        for (var i = 0; i < values.Length; i++)
        {
            switch (type)
            {
                case SafetensorsDType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
                    break;
                case SafetensorsDType.F16:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), FloatFormats.ToFloat16(values[i]));
                    break;
                default:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), FloatFormats.ToBFloat16(values[i]));
                    break;
            }
        }

        return bytes;
    }

    /// <summary>Writes model.safetensors.index.json mapping each tensor to its shard file.</summary>
    public static void WriteIndex(string path, IReadOnlyDictionary<string, string> weightMap, long totalSize)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        json.WriteNumber("total_size", totalSize);
        json.WriteEndObject();
        json.WriteStartObject("weight_map");
        foreach (var (name, file) in weightMap.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(name, file);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

using System.Globalization;

namespace Platform.Inference.Graphs;

/// <summary>
/// The side file of ONNX external data that one or more graphs of a model folder share: each tensor is appended once,
/// at an offset aligned to a page (4096 bytes), so ONNX Runtime can memory-map it instead of reading it into its heap,
/// and a second graph naming the same initializer points at the bytes already written.
/// </summary>
internal sealed class ExternalDataFile(Stream data, string location, int minimumBytes = ExternalDataFile.DefaultMinimumBytes)
{
    /// <summary>ONNX Runtime maps a tensor only when its offset is a multiple of the page size.</summary>
    public const int Alignment = 4096;

    /// <summary>Smaller tensors (scalars, shapes) stay inside the graph's protobuf.</summary>
    public const int DefaultMinimumBytes = 1024;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The file name the tensors' location entries give, relative to the model file.</summary>
    public string Location => location;

    public int MinimumBytes => minimumBytes;

    public long Length => data.Length;

    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>Appends the tensor's bytes (unless a tensor of that name is already stored) and returns its proto.</summary>
    public ProtoMessage Store(string name, OnnxDataType type, ReadOnlySpan<byte> rawData, long[] dims)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            var padding = (int)((Alignment - (data.Position % Alignment)) % Alignment);
            if (padding > 0)
            {
                data.Write(new byte[padding]);
            }

            entry = new Entry(type, data.Position, rawData.Length, dims);
            data.Write(rawData);
            _entries.Add(name, entry);
        }

        return Reference(name);
    }

    /// <summary>The proto of a tensor stored earlier (by this graph or another one sharing the file).</summary>
    public ProtoMessage Reference(string name)
    {
        var entry = _entries.TryGetValue(name, out var found)
            ? found
            : throw new KeyNotFoundException($"No tensor '{name}' in {location}.");
        return new ProtoMessage()
            .PackedInt64(OnnxFields.Tensor.Dims, entry.Dims)
            .Int32(OnnxFields.Tensor.DataType, (int)entry.Type)
            .String(OnnxFields.Tensor.Name, name)
            .Message(OnnxFields.Tensor.ExternalData, Pair("location", location))
            .Message(OnnxFields.Tensor.ExternalData, Pair("offset", entry.Offset.ToString(CultureInfo.InvariantCulture)))
            .Message(OnnxFields.Tensor.ExternalData, Pair("length", entry.Length.ToString(CultureInfo.InvariantCulture)))
            .Int32(OnnxFields.Tensor.DataLocation, OnnxFields.Tensor.LocationExternal);
    }

    private static ProtoMessage Pair(string key, string value) =>
        new ProtoMessage().String(OnnxFields.StringStringEntry.Key, key).String(OnnxFields.StringStringEntry.Value, value);

    private sealed record Entry(OnnxDataType Type, long Offset, long Length, long[] Dims);
}

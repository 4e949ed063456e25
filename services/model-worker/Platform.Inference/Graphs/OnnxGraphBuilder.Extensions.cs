namespace Platform.Inference.Graphs;

/// <summary>
/// Additions for graphs beyond the default domain and the 2 GB protobuf limit: contrib-domain nodes
/// (com.microsoft) and initializers stored as ONNX external data in a side file.
/// </summary>
internal sealed partial class OnnxGraphBuilder
{
    private readonly List<(string Domain, long Version)> _extraOpsets = [];
    private ExternalDataSink? _externalData;

    /// <summary>Declares an extra operator set the model imports, e.g. ("com.microsoft", 1).</summary>
    public void ImportOpset(string domain, long version) => _extraOpsets.Add((domain, version));

    /// <summary>Adds a node of another operator domain (e.g. com.microsoft) with the given output names ("" = absent).</summary>
    public IReadOnlyList<string> DomainNode(
        string domain, string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var input in inputs)
        {
            node.String(OnnxFields.Node.Input, input);
        }

        foreach (var output in outputs)
        {
            node.String(OnnxFields.Node.Output, output);
        }

        node.String(OnnxFields.Node.Name, $"/{opType}_{_nextId++}")
            .String(OnnxFields.Node.OpType, opType)
            .String(OnnxFields.Node.Domain, domain);
        foreach (var attribute in attributes)
        {
            node.Message(OnnxFields.Node.Attribute, attribute.ToProto());
        }

        _nodes.Add(node);
        return outputs;
    }

    /// <summary>
    /// From now on, initializers of at least <paramref name="minimumBytes"/> go to <paramref name="data"/>
    /// (the file named <paramref name="location"/> next to the model) instead of into the model's protobuf.
    /// </summary>
    public void UseExternalData(Stream data, string location, int minimumBytes = 1024) =>
        _externalData = new ExternalDataSink(data, location, minimumBytes);

    /// <summary>Appends tensor bytes to the side file, 64-byte aligned as ONNX's own tools do, and returns the tensor proto.</summary>
    private sealed class ExternalDataSink(Stream data, string location, int minimumBytes)
    {
        private const int Alignment = 64;

        public int MinimumBytes => minimumBytes;

        public ProtoMessage Append(string name, OnnxDataType type, byte[] rawData, long[] dims)
        {
            var padding = (int)((Alignment - (data.Position % Alignment)) % Alignment);
            data.Write(new byte[padding]);
            var offset = data.Position;
            data.Write(rawData);
            return new ProtoMessage()
                .PackedInt64(OnnxFields.Tensor.Dims, dims)
                .Int32(OnnxFields.Tensor.DataType, (int)type)
                .String(OnnxFields.Tensor.Name, name)
                .Message(OnnxFields.Tensor.ExternalData, Entry("location", location))
                .Message(OnnxFields.Tensor.ExternalData, Entry("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Message(OnnxFields.Tensor.ExternalData, Entry("length", rawData.LongLength.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Int32(OnnxFields.Tensor.DataLocation, OnnxFields.Tensor.LocationExternal);
        }

        private static ProtoMessage Entry(string key, string value) =>
            new ProtoMessage().String(OnnxFields.StringStringEntry.Key, key).String(OnnxFields.StringStringEntry.Value, value);
    }
}

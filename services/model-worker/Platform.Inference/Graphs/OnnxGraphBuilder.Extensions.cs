namespace Platform.Inference.Graphs;

/// <summary>
/// Additions for graphs beyond the default domain and the 2 GB protobuf limit: contrib-domain nodes
/// (com.microsoft) and initializers stored as ONNX external data in a side file.
/// </summary>
internal sealed partial class OnnxGraphBuilder
{
    private readonly List<(string Domain, long Version)> _extraOpsets = [];
    private ExternalDataFile? _externalData;

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
    public void UseExternalData(Stream data, string location, int minimumBytes = ExternalDataFile.DefaultMinimumBytes) =>
        _externalData = new ExternalDataFile(data, location, minimumBytes);

    /// <summary>From now on, initializers of at least the file's minimum size go to <paramref name="file"/>, which other graphs may share.</summary>
    public void UseExternalData(ExternalDataFile file) => _externalData = file;

    /// <summary>
    /// Adds an initializer whose bytes are made only when needed: a graph sharing the external data file may have
    /// stored the same tensor already, and then <paramref name="rawData"/> is not called (no weight is read twice).
    /// </summary>
    public string StoredInitializer(string name, OnnxDataType type, long[] dims, Func<byte[]> rawData)
    {
        if (_externalData is { } file && file.Contains(name))
        {
            if (!_initializerNames.Add(name))
            {
                throw new InvalidOperationException($"Initializer '{name}' is defined twice.");
            }

            _initializers.Add(file.Reference(name));
            return name;
        }

        return RawInitializer(name, type, rawData(), dims);
    }

    /// <summary>Adds a node of another operator domain whose outputs get unique generated names; returns them.</summary>
    public IReadOnlyList<string> DomainNode(string domain, string opType, IReadOnlyList<string> inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        var id = _nextId;
        var outputs = Enumerable.Range(0, outputCount).Select(i => $"/{opType}_{id}/output_{i}").ToArray();
        return DomainNode(domain, opType, inputs, outputs, attributes);
    }
}

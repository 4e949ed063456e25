using System.Buffers.Binary;
using Google.Protobuf;

namespace Platform.Inference.Graphs;

/// <summary>
/// Builds an ONNX model (default domain only) node by node and writes it as a ModelProto.
/// Node outputs get unique generated names unless a name is given.
/// </summary>
internal sealed partial class OnnxGraphBuilder(string graphName, int opsetVersion)
{
    /// <summary>ONNX IR version 10 goes with opset 21.</summary>
    private const long IrVersion = 10;

    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];
    private readonly HashSet<string> _initializerNames = [];
    private int _nextId;

    public void AddInput(string name, OnnxDataType type, params object[] dims) => _inputs.Add(ValueInfo(name, type, dims));

    public void AddOutput(string name, OnnxDataType type, params object[] dims) => _outputs.Add(ValueInfo(name, type, dims));

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        NodeWithOutputs(opType, inputs, 1, null, attributes)[0];

    /// <summary>Adds a node whose single output has the given name (graph outputs).</summary>
    public string NamedNode(string opType, IReadOnlyList<string> inputs, string output, params OnnxAttribute[] attributes) =>
        NodeWithOutputs(opType, inputs, 1, output, attributes)[0];

    public IReadOnlyList<string> NodeWithOutputs(
        string opType, IReadOnlyList<string> inputs, int outputCount, string? outputName, params OnnxAttribute[] attributes)
    {
        var id = _nextId++;
        var node = new ProtoMessage();
        foreach (var input in inputs)
        {
            node.String(OnnxFields.Node.Input, input);
        }

        var outputs = new string[outputCount];
        for (var i = 0; i < outputCount; i++)
        {
            outputs[i] = outputName ?? $"/{opType}_{id}/output_{i}";
            node.String(OnnxFields.Node.Output, outputs[i]);
        }

        node.String(OnnxFields.Node.Name, $"/{opType}_{id}").String(OnnxFields.Node.OpType, opType);

        foreach (var attribute in attributes)
        {
            node.Message(OnnxFields.Node.Attribute, attribute.ToProto());
        }

        _nodes.Add(node);
        return outputs;
    }

    /// <summary>Adds an fp32 initializer stored little-endian in raw_data.</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        return RawInitializer(name, OnnxDataType.Float, FloatBytes(values), dims);
    }

    /// <summary>fp32 values as little-endian bytes (the layout of raw_data and of external data).</summary>
    public static byte[] FloatBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(bytes);
            return bytes;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <summary>Adds an initializer whose little-endian bytes the caller already laid out.</summary>
    public string RawInitializer(string name, OnnxDataType type, byte[] rawData, params long[] dims)
    {
        if (!_initializerNames.Add(name))
        {
            throw new InvalidOperationException($"Initializer '{name}' is defined twice.");
        }

        _initializers.Add(_externalData is { } file && rawData.Length >= file.MinimumBytes
            ? file.Store(name, type, rawData, dims)
            : Tensor(name, type, rawData, dims));
        return name;
    }

    public string Int64Constant(string name, params long[] values) => Int64Tensor(name, values, [values.Length]);

    public string Int64Scalar(string name, long value) => Int64Tensor(name, [value], []);

    public string FloatScalar(string name, float value) => Initializer(name, [value]);

    public ProtoMessage BuildModel(string producerName)
    {
        var graph = new ProtoMessage();
        foreach (var node in _nodes)
        {
            graph.Message(OnnxFields.Graph.Node, node);
        }

        graph.String(OnnxFields.Graph.Name, graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(OnnxFields.Graph.Initializer, initializer);
        }

        foreach (var input in _inputs)
        {
            graph.Message(OnnxFields.Graph.Input, input);
        }

        foreach (var output in _outputs)
        {
            graph.Message(OnnxFields.Graph.Output, output);
        }

        var opset = new ProtoMessage()
            .String(OnnxFields.OperatorSetId.Domain, "")
            .Int64(OnnxFields.OperatorSetId.Version, opsetVersion);
        var model = new ProtoMessage()
            .Int64(OnnxFields.Model.IrVersion, IrVersion)
            .String(OnnxFields.Model.ProducerName, producerName)
            .String(OnnxFields.Model.ProducerVersion, "1")
            .Message(OnnxFields.Model.Graph, graph)
            .Message(OnnxFields.Model.OpsetImport, opset);
        foreach (var (domain, version) in _extraOpsets)
        {
            model.Message(OnnxFields.Model.OpsetImport, new ProtoMessage()
                .String(OnnxFields.OperatorSetId.Domain, domain)
                .Int64(OnnxFields.OperatorSetId.Version, version));
        }

        return model;
    }

    public void WriteModel(Stream destination, string producerName)
    {
        var model = BuildModel(producerName);
        var output = new CodedOutputStream(destination, leaveOpen: true);
        model.WriteTo(output);
        output.Flush();
    }

    private string Int64Tensor(string name, long[] values, long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return RawInitializer(name, OnnxDataType.Int64, bytes, dims);
    }

    internal static ProtoMessage Tensor(string name, OnnxDataType type, byte[] rawData, long[] dims) =>
        new ProtoMessage()
            .PackedInt64(OnnxFields.Tensor.Dims, dims)
            .Int32(OnnxFields.Tensor.DataType, (int)type)
            .String(OnnxFields.Tensor.Name, name)
            .Bytes(OnnxFields.Tensor.RawData, rawData);

    private static ProtoMessage ValueInfo(string name, OnnxDataType type, object[] dims)
    {
        var shape = new ProtoMessage();
        foreach (var dim in dims)
        {
            var dimension = dim switch
            {
                string symbol => new ProtoMessage().String(OnnxFields.TypeProto.DimParam, symbol),
                int size => new ProtoMessage().Int64(OnnxFields.TypeProto.DimValue, size),
                long size => new ProtoMessage().Int64(OnnxFields.TypeProto.DimValue, size),
                _ => throw new ArgumentException($"A dimension is a symbol or a size, not {dim}.", nameof(dims)),
            };
            shape.Message(OnnxFields.TypeProto.Dim, dimension);
        }

        var tensorType = new ProtoMessage()
            .Int32(OnnxFields.TypeProto.ElemType, (int)type)
            .Message(OnnxFields.TypeProto.Shape, shape);
        return new ProtoMessage()
            .String(OnnxFields.ValueInfo.Name, name)
            .Message(OnnxFields.ValueInfo.Type, new ProtoMessage().Message(OnnxFields.TypeProto.TensorType, tensorType));
    }
}

namespace Platform.Inference.Graphs;

/// <summary>A node attribute: an int, a float, a list of ints or a tensor.</summary>
internal sealed class OnnxAttribute
{
    private readonly Func<ProtoMessage, ProtoMessage> _setValue;
    private readonly string _name;
    private readonly int _type;

    private OnnxAttribute(string name, int type, Func<ProtoMessage, ProtoMessage> setValue)
    {
        _name = name;
        _type = type;
        _setValue = setValue;
    }

    public static OnnxAttribute Int(string name, long value) =>
        new(name, OnnxFields.Attribute.TypeInt, m => m.Int64(OnnxFields.Attribute.I, value));

    public static OnnxAttribute Float(string name, float value) =>
        new(name, OnnxFields.Attribute.TypeFloat, m => m.Float(OnnxFields.Attribute.F, value));

    public static OnnxAttribute String(string name, string value) =>
        new(name, OnnxFields.Attribute.TypeString, m => m.String(OnnxFields.Attribute.S, value));

    public static OnnxAttribute Ints(string name, params long[] values) =>
        new(name, OnnxFields.Attribute.TypeInts, m => m.PackedInt64(OnnxFields.Attribute.Ints, values));

    public static OnnxAttribute Tensor(string name, OnnxDataType type, byte[] rawData, params long[] dims) =>
        new(name, OnnxFields.Attribute.TypeTensor,
            m => m.Message(OnnxFields.Attribute.T, OnnxGraphBuilder.Tensor(name, type, rawData, dims)));

    public ProtoMessage ToProto() =>
        _setValue(new ProtoMessage().String(OnnxFields.Attribute.Name, _name)).Int32(OnnxFields.Attribute.Type, _type);
}

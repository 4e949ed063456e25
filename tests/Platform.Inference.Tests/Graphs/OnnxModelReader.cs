using Google.Protobuf;

namespace Platform.Inference.Tests.Graphs;

/// <summary>
/// A minimal ONNX ModelProto reader (official field numbers) for checking graphs ONNX Runtime cannot load here,
/// such as those with CUDA-only ops: graph inputs/outputs with element type and dims, nodes, initializers.
/// </summary>
internal static class OnnxModelReader
{
    public sealed record ValueInfo(string Name, int ElemType, IReadOnlyList<string> Dims);

    public sealed record Attribute(string Name, long? Int, float? Float);

    public sealed record Node(string OpType, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<Attribute> Attributes)
    {
        public long Int(string name) => Attributes.Single(a => a.Name == name).Int!.Value;

        public float Float(string name) => Attributes.Single(a => a.Name == name).Float!.Value;
    }

    public sealed record Initializer(string Name, int DataType, IReadOnlyList<long> Dims, int DataLocation, IReadOnlyDictionary<string, string> External, int RawBytes);

    public sealed record Model(
        IReadOnlyList<(string Domain, long Version)> Opsets, IReadOnlyList<ValueInfo> Inputs, IReadOnlyList<ValueInfo> Outputs,
        IReadOnlyList<Node> Nodes, IReadOnlyList<Initializer> Initializers);

    public static Model Read(byte[] bytes)
    {
        var opsets = new List<(string, long)>();
        Model? graph = null;
        foreach (var (field, value) in Fields(bytes))
        {
            if (field == 7)
            {
                graph = ReadGraph(value.Bytes!);
            }
            else if (field == 8)
            {
                var f = Fields(value.Bytes!).ToList();
                opsets.Add((Text(f, 1) ?? "", f.First(x => x.Field == 2).Value.Varint));
            }
        }

        return graph! with { Opsets = opsets };
    }

    private static Model ReadGraph(byte[] bytes)
    {
        var (inputs, outputs, nodes, initializers) = (new List<ValueInfo>(), new List<ValueInfo>(), new List<Node>(), new List<Initializer>());
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1: nodes.Add(ReadNode(value.Bytes!)); break;
                case 5: initializers.Add(ReadInitializer(value.Bytes!)); break;
                case 11: inputs.Add(ReadValueInfo(value.Bytes!)); break;
                case 12: outputs.Add(ReadValueInfo(value.Bytes!)); break;
            }
        }

        return new Model([], inputs, outputs, nodes, initializers);
    }

    private static Node ReadNode(byte[] bytes)
    {
        var f = Fields(bytes).ToList();
        var attributes = f.Where(x => x.Field == 5).Select(x =>
        {
            var a = Fields(x.Value.Bytes!).ToList();
            var i = a.FirstOrDefault(y => y.Field == 3);
            var fl = a.FirstOrDefault(y => y.Field == 2);
            return new Attribute(Text(a, 1)!, i.Field == 3 ? i.Value.Varint : null,
                fl.Field == 2 ? BitConverter.Int32BitsToSingle((int)fl.Value.Fixed32) : null);
        }).ToList();
        return new Node(Text(f, 4)!, Text(f, 7) ?? "", Texts(f, 1), Texts(f, 2), attributes);
    }

    private static Initializer ReadInitializer(byte[] bytes)
    {
        var f = Fields(bytes).ToList();
        var dims = f.Where(x => x.Field == 1).SelectMany(x => x.Value.Bytes is { } packed ? Varints(packed) : [x.Value.Varint]).ToList();
        var external = f.Where(x => x.Field == 13).Select(x => Fields(x.Value.Bytes!).ToList()).ToDictionary(e => Text(e, 1)!, e => Text(e, 2)!);
        var location = f.FirstOrDefault(x => x.Field == 14);
        var raw = f.FirstOrDefault(x => x.Field == 9);
        return new Initializer(Text(f, 8)!, (int)f.First(x => x.Field == 2).Value.Varint, dims,
            location.Field == 14 ? (int)location.Value.Varint : 0, external, raw.Field == 9 ? raw.Value.Bytes!.Length : 0);
    }

    private static ValueInfo ReadValueInfo(byte[] bytes)
    {
        var f = Fields(bytes).ToList();
        var tensorType = Fields(Fields(f.First(x => x.Field == 2).Value.Bytes!).First(x => x.Field == 1).Value.Bytes!).ToList();
        var shape = tensorType.FirstOrDefault(x => x.Field == 2);
        var dims = shape.Field == 2
            ? Fields(shape.Value.Bytes!).Where(x => x.Field == 1).Select(d =>
            {
                var dim = Fields(d.Value.Bytes!).Single();
                return dim.Field == 1 ? dim.Value.Varint.ToString(System.Globalization.CultureInfo.InvariantCulture) : System.Text.Encoding.UTF8.GetString(dim.Value.Bytes!);
            }).ToList()
            : [];
        return new ValueInfo(Text(f, 1)!, (int)tensorType.First(x => x.Field == 1).Value.Varint, dims);
    }

    private readonly record struct WireValue(long Varint, uint Fixed32, byte[]? Bytes);

    private static List<(int Field, WireValue Value)> Fields(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var result = new List<(int Field, WireValue Value)>();
        while (!input.IsAtEnd)
        {
            var tag = input.ReadTag();
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint: result.Add((field, new WireValue(input.ReadInt64(), 0, null))); break;
                case WireFormat.WireType.Fixed32: result.Add((field, new WireValue(0, input.ReadFixed32(), null))); break;
                case WireFormat.WireType.Fixed64: input.ReadFixed64(); break;
                case WireFormat.WireType.LengthDelimited: result.Add((field, new WireValue(0, 0, input.ReadBytes().ToByteArray()))); break;
                default: throw new InvalidDataException($"Unexpected wire type in tag {tag}.");
            }
        }

        return result;
    }

    private static List<long> Varints(byte[] packed)
    {
        var input = new CodedInputStream(packed);
        var values = new List<long>();
        while (!input.IsAtEnd)
        {
            values.Add(input.ReadInt64());
        }

        return values;
    }

    private static string? Text(List<(int Field, WireValue Value)> fields, int number) =>
        fields.Where(x => x.Field == number).Select(x => System.Text.Encoding.UTF8.GetString(x.Value.Bytes!)).FirstOrDefault();

    private static List<string> Texts(List<(int Field, WireValue Value)> fields, int number) =>
        [.. fields.Where(x => x.Field == number).Select(x => System.Text.Encoding.UTF8.GetString(x.Value.Bytes!))];
}

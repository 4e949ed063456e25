using Google.Protobuf;

namespace Platform.Inference.Graphs;

/// <summary>
/// A protobuf message assembled field by field and written with <see cref="CodedOutputStream"/>.
/// Large byte fields are wrapped, not copied, so a model's weights are written straight to the file.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly List<Field> _fields = [];
    private int _cachedSize = -1;

    public ProtoMessage Int64(int number, long value) => Add(new Field(number, FieldKind.Int64, value, null));

    public ProtoMessage Int32(int number, int value) => Add(new Field(number, FieldKind.Int64, value, null));

    public ProtoMessage Float(int number, float value) => Add(new Field(number, FieldKind.Float, BitConverter.SingleToInt32Bits(value), null));

    public ProtoMessage String(int number, string value) =>
        Add(new Field(number, FieldKind.Bytes, 0, ByteString.CopyFromUtf8(value)));

    public ProtoMessage Bytes(int number, ReadOnlyMemory<byte> value) =>
        Add(new Field(number, FieldKind.Bytes, 0, UnsafeByteOperations.UnsafeWrap(value)));

    public ProtoMessage Message(int number, ProtoMessage value) => Add(new Field(number, FieldKind.Message, 0, value));

    public ProtoMessage PackedInt64(int number, IReadOnlyList<long> values) =>
        Add(new Field(number, FieldKind.PackedInt64, 0, values));

    public ProtoMessage PackedFloat(int number, IReadOnlyList<float> values) =>
        Add(new Field(number, FieldKind.PackedFloat, 0, values));

    public int ComputeSize()
    {
        if (_cachedSize >= 0)
        {
            return _cachedSize;
        }

        long size = 0;
        foreach (var field in _fields)
        {
            size += CodedOutputStream.ComputeTagSize(field.Number);
            size += field.Kind switch
            {
                FieldKind.Int64 => CodedOutputStream.ComputeInt64Size(field.Scalar),
                FieldKind.Float => 4,
                FieldKind.Bytes => CodedOutputStream.ComputeBytesSize((ByteString)field.Value!),
                FieldKind.Message => CodedOutputStream.ComputeLengthSize(((ProtoMessage)field.Value!).ComputeSize())
                    + ((ProtoMessage)field.Value!).ComputeSize(),
                FieldKind.PackedInt64 => LengthPrefixed(PackedInt64Size((IReadOnlyList<long>)field.Value!)),
                FieldKind.PackedFloat => LengthPrefixed(4 * ((IReadOnlyList<float>)field.Value!).Count),
                _ => throw new InvalidOperationException($"Unknown field kind {field.Kind}."),
            };
        }

        if (size > int.MaxValue)
        {
            throw new InvalidOperationException("A protobuf message must stay under 2 GB; store the weights as external data.");
        }

        _cachedSize = (int)size;
        return _cachedSize;
    }

    public void WriteTo(CodedOutputStream output)
    {
        foreach (var field in _fields)
        {
            switch (field.Kind)
            {
                case FieldKind.Int64:
                    output.WriteTag(field.Number, WireFormat.WireType.Varint);
                    output.WriteInt64(field.Scalar);
                    break;
                case FieldKind.Float:
                    output.WriteTag(field.Number, WireFormat.WireType.Fixed32);
                    output.WriteFloat(BitConverter.Int32BitsToSingle((int)field.Scalar));
                    break;
                case FieldKind.Bytes:
                    output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes((ByteString)field.Value!);
                    break;
                case FieldKind.Message:
                    var message = (ProtoMessage)field.Value!;
                    output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                    output.WriteLength(message.ComputeSize());
                    message.WriteTo(output);
                    break;
                case FieldKind.PackedInt64:
                    var longs = (IReadOnlyList<long>)field.Value!;
                    output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                    output.WriteLength(PackedInt64Size(longs));
                    foreach (var value in longs)
                    {
                        output.WriteInt64(value);
                    }

                    break;
                case FieldKind.PackedFloat:
                    var floats = (IReadOnlyList<float>)field.Value!;
                    output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                    output.WriteLength(4 * floats.Count);
                    foreach (var value in floats)
                    {
                        output.WriteFloat(value);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Unknown field kind {field.Kind}.");
            }
        }
    }

    private ProtoMessage Add(Field field)
    {
        _fields.Add(field);
        _cachedSize = -1;
        return this;
    }

    private static int PackedInt64Size(IReadOnlyList<long> values)
    {
        var size = 0;
        foreach (var value in values)
        {
            size += CodedOutputStream.ComputeInt64Size(value);
        }

        return size;
    }

    private static int LengthPrefixed(int length) => CodedOutputStream.ComputeLengthSize(length) + length;

    private enum FieldKind
    {
        Int64,
        Float,
        Bytes,
        Message,
        PackedInt64,
        PackedFloat,
    }

    private readonly record struct Field(int Number, FieldKind Kind, long Scalar, object? Value);
}

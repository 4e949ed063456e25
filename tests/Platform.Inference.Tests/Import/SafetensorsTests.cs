using System.Buffers.Binary;
using Platform.Inference.Graphs;
using Platform.Inference.Import;

namespace Platform.Inference.Tests.Import;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("safetensors-tests-").FullName;

    [Theory]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    internal void Written_tensors_read_back_as_their_rounded_float32_values(SafetensorsDType dtype)
    {
        float[] values = [0f, 1f, -2.5f, 3.14159265f, 1e-3f, -65504f, 0.1f];
        var path = Path.Combine(_directory, "a.safetensors");
        SafetensorsWriter.Write(path, [new SafetensorsTensor("w", dtype, [7], values), new SafetensorsTensor("b", SafetensorsDType.F32, [1, 1], [9f])]);

        using var file = SafetensorsFile.Open(path);

        Assert.Equal([7L], file.Tensors["w"].Shape);
        float[] expected = [.. values.Select(v => dtype switch
        {
            SafetensorsDType.BF16 => FloatFormats.RoundToBFloat16(v),
            SafetensorsDType.F16 => (float)(Half)v,
            _ => v,
        })];
        Assert.Equal(expected, file.ReadFloat32("w"));
        Assert.Equal([9f], file.ReadFloat32("b"));
    }

    [Fact]
    public void Bf16_widens_to_the_fp32_whose_upper_16_bits_it_is()
    {
        var path = Path.Combine(_directory, "raw.safetensors");
        // A hand-built file: header then two bf16 values 0x3FC0 (1.5) and 0xC049 (-3.140625).
        var header = """{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"""u8.ToArray();
        var bytes = new byte[8 + header.Length + 4];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, header.Length);
        header.CopyTo(bytes, 8);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8 + header.Length), 0x3FC0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10 + header.Length), 0xC049);
        File.WriteAllBytes(path, bytes);

        using var file = SafetensorsFile.Open(path);

        Assert.Equal([1.5f, BitConverter.Int32BitsToSingle(unchecked((int)0xC0490000))], file.ReadFloat32("x"));
    }

    [Fact]
    public void Offsets_that_do_not_match_the_shape_are_rejected()
    {
        var path = Path.Combine(_directory, "bad.safetensors");
        var header = """{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"""u8.ToArray();
        var bytes = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path).Dispose());
    }

    [Fact]
    public void Quantized_dtypes_are_rejected_with_the_tensor_name()
    {
        var path = Path.Combine(_directory, "int8.safetensors");
        var header = """{"q":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}}"""u8.ToArray();
        var bytes = new byte[8 + header.Length + 2];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<NotSupportedException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains("'q'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sharded_checkpoint_resolves_each_tensor_through_the_index()
    {
        SafetensorsWriter.Write(Path.Combine(_directory, "s1.safetensors"), [new SafetensorsTensor("a", SafetensorsDType.F32, [1], [1f])]);
        SafetensorsWriter.Write(Path.Combine(_directory, "s2.safetensors"), [new SafetensorsTensor("b", SafetensorsDType.BF16, [1], [2f])]);
        SafetensorsWriter.WriteIndex(Path.Combine(_directory, SafetensorsCheckpoint.IndexFileName),
            new Dictionary<string, string> { ["a"] = "s1.safetensors", ["b"] = "s2.safetensors" }, 6);

        using var checkpoint = SafetensorsCheckpoint.Open(_directory);

        Assert.Equal(["a", "b"], checkpoint.TensorNames.Order(StringComparer.Ordinal));
        Assert.Equal([2f], checkpoint.ReadFloat32("b"));
    }

    [Fact]
    public void Index_naming_a_missing_shard_fails_with_its_name()
    {
        SafetensorsWriter.WriteIndex(Path.Combine(_directory, SafetensorsCheckpoint.IndexFileName),
            new Dictionary<string, string> { ["a"] = "gone.safetensors" }, 4);

        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Open(_directory));

        Assert.Contains("gone.safetensors", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

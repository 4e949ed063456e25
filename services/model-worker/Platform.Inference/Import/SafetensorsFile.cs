using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;
using Platform.Inference.Graphs;

namespace Platform.Inference.Import;

/// <summary>
/// One memory-mapped .safetensors file: an 8-byte little-endian header length, a JSON header
/// (name → dtype, shape, data_offsets), then the raw tensor bytes. Tensors are converted to float32 one at a
/// time straight from the mapping, so a checkpoint never needs twice its size in RAM.
/// </summary>
internal sealed unsafe class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _start;
    private readonly long _dataStart;
    private readonly long _length;

    private SafetensorsFile(string path, MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* start, long length)
    {
        Path = path;
        _file = file;
        _view = view;
        _start = start;
        _length = length;
        if (length < 8)
        {
            throw Invalid("it is shorter than the 8-byte header length");
        }

        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > length)
        {
            throw Invalid($"its header length {headerLength} does not fit the file");
        }

        _dataStart = 8 + headerLength;
        Tensors = ParseHeader(new ReadOnlySpan<byte>(start + 8, (int)headerLength));
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    public static SafetensorsFile Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            return new SafetensorsFile(path, null, null, null, 0);
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return new SafetensorsFile(path, file, view, pointer + view.PointerOffset, length);
        }
        catch
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>The tensor's raw little-endian bytes, valid until the file is disposed.</summary>
    public ReadOnlySpan<byte> RawBytes(string name)
    {
        var info = Info(name);
        return new ReadOnlySpan<byte>(_start + _dataStart + info.Begin, checked((int)(info.End - info.Begin)));
    }

    /// <summary>The tensor converted to float32 (exactly: F16 and BF16 widen without rounding).</summary>
    public float[] ReadFloat32(string name)
    {
        var info = Info(name);
        var bytes = RawBytes(name);
        var result = new float[checked((int)info.ElementCount)];
        switch (info.DType)
        {
            case SafetensorsDType.F32:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                }

                break;
            case SafetensorsDType.F16:
                var halves = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = FloatFormats.FromFloat16(LittleEndian(halves[i]));
                }

                break;
            case SafetensorsDType.BF16:
                var brains = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = FloatFormats.FromBFloat16(LittleEndian(brains[i]));
                }

                break;
        }

        return result;
    }

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _file?.Dispose();
    }

    private SafetensorsTensorInfo Info(string name) =>
        Tensors.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"{Path} has no tensor '{name}'.");

    private static ushort LittleEndian(ushort value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private Dictionary<string, SafetensorsTensorInfo> ParseHeader(ReadOnlySpan<byte> header)
    {
        var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(header.ToArray());
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                continue;
            }

            var dtype = SafetensorsDTypes.Parse(entry.Value.GetProperty("dtype").GetString() ?? "", entry.Name);
            long[] shape = [.. entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
            var offsets = entry.Value.GetProperty("data_offsets");
            var info = new SafetensorsTensorInfo(entry.Name, dtype, shape, offsets[0].GetInt64(), offsets[1].GetInt64());
            if (info.Begin < 0 || info.End < info.Begin || _dataStart + info.End > _length
                || info.End - info.Begin != info.ElementCount * SafetensorsDTypes.Size(dtype))
            {
                throw Invalid($"tensor '{entry.Name}' has offsets [{info.Begin}, {info.End}) that do not match its shape and dtype or the file size");
            }

            tensors.Add(entry.Name, info);
        }

        return tensors;
    }

    private InvalidDataException Invalid(string why) => new($"{Path} is not a valid safetensors file: {why}.");
}

using System.Text.Json;

namespace Platform.Inference.Import;

/// <summary>
/// The safetensors weights of a Hugging Face checkpoint folder: shards listed by model.safetensors.index.json,
/// else model.safetensors, else every *.safetensors file. Each shard is memory-mapped; tensors are read one at a time.
/// </summary>
internal sealed class SafetensorsCheckpoint : IDisposable
{
    public const string IndexFileName = "model.safetensors.index.json";
    public const string SingleFileName = "model.safetensors";

    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _owner;

    private SafetensorsCheckpoint(List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> owner)
    {
        _files = files;
        _owner = owner;
    }

    public IEnumerable<string> TensorNames => _owner.Keys;

    public static SafetensorsCheckpoint Open(string directory)
    {
        var shardNames = ShardNames(directory, out var weightMap);
        var files = new List<SafetensorsFile>();
        try
        {
            var owner = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var shard in shardNames)
            {
                var file = SafetensorsFile.Open(Path.Combine(directory, shard));
                files.Add(file);
                foreach (var name in file.Tensors.Keys)
                {
                    if (!owner.TryAdd(name, file))
                    {
                        throw new InvalidDataException($"Tensor '{name}' appears in both {Path.GetFileName(owner[name].Path)} and {shard}.");
                    }
                }
            }

            foreach (var (name, shard) in weightMap)
            {
                if (!owner.TryGetValue(name, out var file) || Path.GetFileName(file.Path) != shard)
                {
                    throw new InvalidDataException($"{IndexFileName} puts '{name}' in {shard}, but that shard does not hold it.");
                }
            }

            return new SafetensorsCheckpoint(files, owner);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    public bool Contains(string name) => _owner.ContainsKey(name);

    public SafetensorsTensorInfo Info(string name) => File(name).Tensors[name];

    public float[] ReadFloat32(string name) => File(name).ReadFloat32(name);

    public void Dispose() => _files.ForEach(f => f.Dispose());

    private SafetensorsFile File(string name) =>
        _owner.TryGetValue(name, out var file) ? file : throw new KeyNotFoundException($"The checkpoint has no tensor '{name}'.");

    private static List<string> ShardNames(string directory, out Dictionary<string, string> weightMap)
    {
        weightMap = [];
        var index = Path.Combine(directory, IndexFileName);
        if (System.IO.File.Exists(index))
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(index));
            foreach (var entry in document.RootElement.GetProperty("weight_map").EnumerateObject())
            {
                var shard = entry.Value.GetString() ?? "";
                if (shard.Length == 0 || Path.GetFileName(shard) != shard)
                {
                    throw new InvalidDataException($"{IndexFileName} names an invalid shard '{shard}' for '{entry.Name}'.");
                }

                weightMap[entry.Name] = shard;
            }

            var shards = weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var missing = shards.Where(s => !System.IO.File.Exists(Path.Combine(directory, s))).ToList();
            return missing.Count == 0
                ? shards
                : throw new FileNotFoundException($"{IndexFileName} lists shards that are not in {directory}: {string.Join(", ", missing)}.");
        }

        if (System.IO.File.Exists(Path.Combine(directory, SingleFileName)))
        {
            return [SingleFileName];
        }

        var all = Directory.EnumerateFiles(directory, "*.safetensors").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        return all.Count > 0
            ? all
            : throw new FileNotFoundException(
                $"{directory} has no *.safetensors weights (PyTorch .bin checkpoints are not supported; convert them to safetensors first).");
    }
}

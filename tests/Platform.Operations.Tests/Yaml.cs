using YamlDotNet.RepresentationModel;

namespace Platform.Operations.Tests;

/// <summary>Reading YAML documents as plain nodes: mappings, sequences and scalars.</summary>
internal static class Yaml
{
    public static YamlNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    public static IEnumerable<YamlNode> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(document => document.RootNode);
    }

    /// <summary>The child at <paramref name="key"/> of a mapping, or null.</summary>
    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The node at a '.'-separated path of mapping keys, or null.</summary>
    public static YamlNode? At(this YamlNode node, string path) =>
        path.Split('.').Aggregate<string, YamlNode?>(node, (current, key) => current?.Get(key));

    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyDictionary<string, YamlNode> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(entry => ((YamlScalarNode)entry.Key).Value!, entry => entry.Value, StringComparer.Ordinal)
            : new Dictionary<string, YamlNode>(StringComparer.Ordinal);
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Operations.Tests.Helm;

/// <summary>
/// The Helm chart read as files: no Helm binary runs here, so its templates are checked as text (their Go-template
/// structure and the manifests they spell out) and its values as YAML against values.schema.json.
/// </summary>
internal static partial class Chart
{
    public const string Folder = "helm/platform";

    public static IReadOnlyList<string> TemplateNames =>
        Repository.Files($"{Folder}/templates", "*.*").Select(Path.GetFileName).OfType<string>().ToList();

    public static string Template(string name) => Repository.Read($"{Folder}/templates/{name}");

    /// <summary>Every template file's text, by file name.</summary>
    public static IReadOnlyDictionary<string, string> Templates() =>
        TemplateNames.ToDictionary(name => name, Template, StringComparer.Ordinal);

    /// <summary>The body of <c>{{ define "name" }}</c> in any template file.</summary>
    public static string Define(string name)
    {
        foreach (var text in Templates().Values)
        {
            var start = text.IndexOf($"define \"{name}\"", StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            var body = text[(text.IndexOf("}}", start, StringComparison.Ordinal) + 2)..];
            var depth = 1;
            foreach (Match action in Action().Matches(body))
            {
                var keyword = BlockKeyword(action.Groups[1].Value);
                depth += keyword switch { "end" => -1, "if" or "range" or "with" or "define" or "block" => 1, _ => 0 };
                if (depth == 0)
                {
                    return body[..action.Index];
                }
            }
        }

        throw new KeyNotFoundException($"No template defines \"{name}\".");
    }

    /// <summary>The values files laid over one another as Helm does with -f (maps merged, everything else replaced).</summary>
    public static JsonObject Values(params string[] files)
    {
        var merged = new JsonObject();
        foreach (var file in files.Length == 0 ? ["values.yaml"] : files)
        {
            Merge(merged, (JsonObject)Yaml.Load(Repository.Read($"{Folder}/{file}")).ToJson()!);
        }

        return merged;
    }

    /// <summary>A model entry of modelWorker.models laid over modelWorker.defaults, as the templates do.</summary>
    public static JsonObject ModelSettings(JsonObject values, JsonNode model)
    {
        var settings = (JsonObject)values["modelWorker"]!["defaults"]!.DeepClone();
        Merge(settings, (JsonObject)model.DeepClone());
        return settings;
    }

    /// <summary>Template actions (<c>{{ ... }}</c>), with the words inside.</summary>
    [GeneratedRegex(@"\{\{-?\s*(.*?)\s*-?\}\}", RegexOptions.Singleline)]
    public static partial Regex Action();

    /// <summary>The keyword opening or closing a block (<c>if</c>, <c>range</c>, <c>with</c>, <c>define</c>, <c>end</c>), or "".</summary>
    public static string BlockKeyword(string action)
    {
        if (action.StartsWith("/*", StringComparison.Ordinal))
        {
            return "";
        }

        var word = action.Split([' ', '\n', '\t', '('], 2)[0];
        return word is "if" or "range" or "with" or "define" or "block" or "end" ? word : "";
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}

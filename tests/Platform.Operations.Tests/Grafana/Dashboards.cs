using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Operations.Tests.Grafana;

/// <summary>The Grafana dashboards (infra/grafana/dashboards) and the PromQL they run.</summary>
internal static partial class Dashboards
{
    public const string Folder = "infra/grafana/dashboards";

    public static IReadOnlyDictionary<string, JsonObject> All() =>
        Repository.Files(Folder, "*.json").ToDictionary(path => Path.GetFileName(path), path => JsonNode.Parse(Repository.Read(path))!.AsObject(), StringComparer.Ordinal);

    /// <summary>Every query of a dashboard: panel targets and template-variable queries, as PromQL.</summary>
    public static IEnumerable<string> Queries(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            foreach (var target in panel!["targets"]?.AsArray() ?? [])
            {
                yield return (string)target!["expr"]!;
            }
        }

        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            if (variable!["definition"] is { } definition && LabelValues().Match((string)definition!) is { Success: true } match)
            {
                yield return match.Groups[1].Value;
            }
        }
    }

    [GeneratedRegex(@"label_values\(([^,)]+)")]
    private static partial Regex LabelValues();
}

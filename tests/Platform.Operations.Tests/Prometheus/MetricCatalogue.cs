using System.Text.RegularExpressions;

namespace Platform.Operations.Tests.Prometheus;

/// <summary>
/// The metric families the platform exports, as Prometheus names them: its own instruments, derived from the
/// <c>Meter.Create*</c> calls in the source code the way the OpenTelemetry Prometheus exporter names them, and the
/// libraries' and the broker's from <c>infra/prometheus/exported-metrics.txt</c>.
/// </summary>
internal static partial class MetricCatalogue
{
    public const string CataloguePath = "infra/prometheus/exported-metrics.txt";

    /// <summary>Series Prometheus makes itself.</summary>
    private static readonly string[] PrometheusOwn = ["up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds", "scrape_samples_scraped"];

    /// <summary>Family name → type (counter, gauge, histogram) of every instrument in the platform's source.</summary>
    public static IReadOnlyDictionary<string, string> FromCode()
    {
        var families = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var sources = new[] { "gateway", "services" }
            .SelectMany(folder => Directory.EnumerateFiles(Repository.PathOf(folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            var prefix = PrefixConstant().Match(text) is { Success: true } constant ? constant.Groups[1].Value : "";
            foreach (Match instrument in Instrument().Matches(text))
            {
                var name = (instrument.Groups["prefixed"].Success ? prefix : "") + instrument.Groups["name"].Value;
                var call = text[instrument.Index..text.IndexOf(';', instrument.Index)];
                var unit = StringLiteral().Matches(call).Skip(1).Select(literal => literal.Groups[1].Value).FirstOrDefault() ?? "";
                var (family, type) = PrometheusName(name, unit, instrument.Groups["kind"].Value);
                families[family] = type;
            }
        }

        return families;
    }

    /// <summary>
    /// How the OpenTelemetry Prometheus exporter names an instrument: dots become underscores, a unit of seconds,
    /// milliseconds or bytes is appended unless the name ends with it, counters end in _total. Annotation units
    /// ({request}) and "1" add nothing.
    /// </summary>
    public static (string Family, string Type) PrometheusName(string instrument, string unit, string kind)
    {
        var name = instrument.Replace('.', '_');
        var suffix = unit switch { "s" => "_seconds", "ms" => "_milliseconds", "By" => "_bytes", _ => "" };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        var type = kind switch
        {
            "Histogram" => "histogram",
            "Gauge" or "ObservableGauge" => "gauge",
            _ => "counter",
        };
        if (type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return (name, type);
    }

    /// <summary>Family name → type from the catalogue file.</summary>
    public static IReadOnlyDictionary<string, string> FromCatalogue() =>
        Repository.Read(CataloguePath).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    /// <summary>Every series name the platform, its libraries, its broker and Prometheus export, histograms expanded.</summary>
    public static IReadOnlySet<string> ExportedSeries()
    {
        var series = new HashSet<string>(PrometheusOwn, StringComparer.Ordinal);
        foreach (var (family, type) in FromCode().Concat(FromCatalogue()))
        {
            if (type == "histogram")
            {
                series.UnionWith([family + "_bucket", family + "_sum", family + "_count"]);
            }
            else
            {
                series.Add(family);
            }
        }

        return series;
    }

    [GeneratedRegex(@"const string Prefix = ""([^""]+)""")]
    private static partial Regex PrefixConstant();

    [GeneratedRegex(@"\.Create(?<kind>Counter|Histogram|Gauge|UpDownCounter|ObservableGauge|ObservableCounter|ObservableUpDownCounter)(?:<[^>]+>)?\(\s*(?<prefixed>Prefix\s*\+\s*)?""(?<name>[^""]+)""")]
    private static partial Regex Instrument();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex StringLiteral();
}

/// <summary>The metric names a PromQL expression reads.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = Range().Replace(text, " ");
        text = LabelList().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match identifier in Identifier().Matches(text))
        {
            var rest = text[(identifier.Index + identifier.Length)..].TrimStart();
            if (!rest.StartsWith('(') && !Keywords.Contains(identifier.Value))
            {
                names.Add(identifier.Value);
            }
        }

        return names;
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelList();

    [GeneratedRegex(@"(?<![\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}

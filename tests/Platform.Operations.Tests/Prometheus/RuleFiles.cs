namespace Platform.Operations.Tests.Prometheus;

/// <summary>An alerting or recording rule as written in infra/prometheus/rules.</summary>
internal sealed record Rule(
    string File,
    string Group,
    string? Alert,
    string? Record,
    string Expression,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>One expectation of a promtool unit test: an alert at a time, expected to fire or to stay quiet.</summary>
internal sealed record AlertExpectation(string File, string TestName, string Alert, bool Fires);

/// <summary>The platform's Prometheus rules and their promtool unit tests.</summary>
internal static class RuleFiles
{
    public const string RulesFolder = "infra/prometheus/rules";
    public const string TestsFolder = "infra/prometheus/tests";

    public static IReadOnlyList<string> RulePaths => Repository.Files(RulesFolder, "*.yml");

    public static IReadOnlyList<string> TestPaths => Repository.Files(TestsFolder, "*.test.yml");

    public static IReadOnlyList<Rule> Rules() =>
        RulePaths.SelectMany(path => Yaml.Load(Repository.Read(path)).Get("groups").Items()
            .SelectMany(group => group.Get("rules").Items().Select(rule => new Rule(
                path,
                group.Get("name").Text()!,
                rule.Get("alert").Text(),
                rule.Get("record").Text(),
                rule.Get("expr").Text() ?? "",
                Strings(rule.Get("labels")),
                Strings(rule.Get("annotations"))))))
            .ToList();

    public static IReadOnlyList<AlertExpectation> Expectations() =>
        TestPaths.SelectMany(path => Yaml.Load(Repository.Read(path)).Get("tests").Items()
            .SelectMany(test => test.Get("alert_rule_test").Items().Select(expectation => new AlertExpectation(
                path,
                test.Get("name").Text() ?? "(unnamed)",
                expectation.Get("alertname").Text()!,
                expectation.Get("exp_alerts").Items().Count > 0))))
            .ToList();

    private static Dictionary<string, string> Strings(YamlDotNet.RepresentationModel.YamlNode? node) =>
        node.Entries().ToDictionary(entry => entry.Key, entry => entry.Value.Text() ?? "", StringComparer.Ordinal);
}

namespace Platform.Operations.Tests.Prometheus;

/// <summary>The alerting and recording rules are valid, unit-tested with promtool, and every alert is covered both ways.</summary>
public sealed class RuleTests
{
    [PromtoolFact]
    public void Rule_files_pass_promtool_check()
    {
        var (exitCode, output) = Promtool.Run(Repository.Root, ["check", "rules", .. RuleFiles.RulePaths]);

        Assert.True(exitCode == 0, output);
        Assert.Equal(RuleFiles.RulePaths.Count, CountOf(output, "SUCCESS"));
    }

    [PromtoolFact]
    public void Rule_unit_tests_pass_promtool_test()
    {
        var (exitCode, output) = Promtool.Run(Repository.Root, ["test", "rules", .. RuleFiles.TestPaths]);

        Assert.True(exitCode == 0, output);
        Assert.Equal(RuleFiles.TestPaths.Count, CountOf(output, "SUCCESS"));
    }

    /// <summary>The unit tests can fail: with one threshold moved, promtool reports the alert it no longer sees.</summary>
    [PromtoolFact]
    public void A_moved_threshold_fails_the_rule_unit_tests()
    {
        const string Threshold = "(platform_engine_kv_cache_usage_perc) > 0.95";
        var copy = Directory.CreateTempSubdirectory("platform-rules-");
        try
        {
            var rules = Directory.CreateDirectory(Path.Combine(copy.FullName, "rules"));
            var tests = Directory.CreateDirectory(Path.Combine(copy.FullName, "tests"));
            var fleet = Repository.Read($"{RuleFiles.RulesFolder}/fleet.yml");
            Assert.Contains(Threshold, fleet, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(rules.FullName, "fleet.yml"),
                fleet.Replace(Threshold, "(platform_engine_kv_cache_usage_perc) > 0.98", StringComparison.Ordinal));
            File.Copy(Repository.PathOf($"{RuleFiles.TestsFolder}/fleet.test.yml"), Path.Combine(tests.FullName, "fleet.test.yml"));

            var (exitCode, output) = Promtool.Run(tests.FullName, "test", "rules", "fleet.test.yml");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("alertname: KvCacheNearlyFull", output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_alert_has_a_test_where_it_fires_and_one_where_it_stays_quiet()
    {
        var alerts = RuleFiles.Rules().Where(rule => rule.Alert is not null).Select(rule => rule.Alert!).ToList();
        var expectations = RuleFiles.Expectations();

        Assert.NotEmpty(alerts);
        var uncovered = alerts
            .SelectMany(alert => new[] { (alert, fires: true), (alert, fires: false) })
            .Where(want => !expectations.Any(expectation => expectation.Alert == want.alert && expectation.Fires == want.fires))
            .Select(want => $"{want.alert} ({(want.fires ? "firing" : "quiet")})")
            .ToList();
        Assert.True(uncovered.Count == 0, "No promtool test case for: " + string.Join(", ", uncovered));
        var unknown = expectations.Select(expectation => expectation.Alert).Distinct().Except(alerts).ToList();
        Assert.True(unknown.Count == 0, "Test cases for alerts that do not exist: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_a_description_and_its_runbook_section()
    {
        foreach (var rule in RuleFiles.Rules().Where(rule => rule.Alert is not null))
        {
            Assert.Contains(rule.Labels.GetValueOrDefault("severity"), new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), $"{rule.Alert}: no summary");
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("description")), $"{rule.Alert}: no description");
            Assert.Equal($"docs/operations.md#{rule.Alert!.ToLowerInvariant()}", rule.Annotations.GetValueOrDefault("runbook"));
        }
    }

    [Fact]
    public void Every_alert_has_its_section_in_the_runbook()
    {
        var headings = Repository.Read("docs/operations.md").Split('\n')
            .Where(line => line.StartsWith("### ", StringComparison.Ordinal))
            .Select(line => line[4..].Trim())
            .ToHashSet(StringComparer.Ordinal);
        var missing = RuleFiles.Rules().Where(rule => rule.Alert is not null && !headings.Contains(rule.Alert)).Select(rule => rule.Alert).ToList();

        Assert.True(missing.Count == 0, "docs/operations.md has no \"### <alert>\" section for: " + string.Join(", ", missing));
    }

    private static int CountOf(string text, string word) =>
        text.Split(word, StringSplitOptions.None).Length - 1;
}

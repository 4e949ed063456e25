namespace Platform.Operations.Tests.Helm;

/// <summary>What can be checked of the Go templates without rendering them: actions close and blocks end.</summary>
public sealed class TemplateSyntaxTests
{
    [Fact]
    public void Every_action_is_closed_and_every_block_ends()
    {
        foreach (var (name, text) in Chart.Templates())
        {
            Assert.True(text.Split("{{").Length == text.Split("}}").Length, $"{name}: unbalanced {{{{ and }}}}");
            var depth = 0;
            foreach (System.Text.RegularExpressions.Match action in Chart.Action().Matches(text))
            {
                depth += Chart.BlockKeyword(action.Groups[1].Value) switch
                {
                    "end" => -1,
                    "" => 0,
                    _ => 1,
                };
                Assert.True(depth >= 0, $"{name}: an {{{{ end }}}} without a block at offset {action.Index}");
            }

            Assert.True(depth == 0, $"{name}: {depth} block(s) without {{{{ end }}}}");
        }
    }

    [Fact]
    public void Every_helper_a_template_includes_is_defined()
    {
        var templates = Chart.Templates();
        var defined = templates.Values
            .SelectMany(text => System.Text.RegularExpressions.Regex.Matches(text, "define \"([^\"]+)\""))
            .Select(match => match.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var missing = templates
            .SelectMany(entry => System.Text.RegularExpressions.Regex.Matches(entry.Value, "include \"([^\"]+)\"")
                .Select(match => (entry.Key, Helper: match.Groups[1].Value)))
            .Where(use => !defined.Contains(use.Helper))
            .Select(use => $"{use.Key}: {use.Helper}")
            .ToList();

        Assert.True(missing.Count == 0, "Included but never defined: " + string.Join(", ", missing));
    }
}

using Microsoft.Extensions.Options;

namespace Platform.Completion.Prompts;

/// <summary>A model-ready prompt and the stop sequences that go with it.</summary>
public sealed record BuiltPrompt(string Text, IReadOnlyList<string> StopSequences);

/// <summary>Builds the prompt for a code completion in the target model's template.</summary>
public sealed class FimPromptBuilder(IOptions<CompletionOptions> options)
{
    public FimTemplate TemplateFor(string model)
    {
        if (options.Value.Models.TryGetValue(model, out var configured) && configured.Template is { } family)
        {
            return FimTemplate.All.FirstOrDefault(t => t.Family.Equals(family, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"Completion:Models:{model}:Template names an unknown template '{family}'.");
        }

        var name = model.ToLowerInvariant();
        if (name.Contains("deepseek"))
        {
            return FimTemplate.DeepSeek;
        }

        if (name.Contains("codellama") || name.Contains("code-llama"))
        {
            return FimTemplate.CodeLlama;
        }

        return name.Contains("starcoder") ? FimTemplate.StarCoder : FimTemplate.Qwen;
    }

    /// <summary>
    /// With a suffix, the prompt is fill-in-the-middle; without one it is the prefix alone (plain continuation).
    /// The caller's stop sequences come first, then the template's end markers.
    /// </summary>
    public BuiltPrompt Build(string model, string prefix, string? suffix, IReadOnlyList<string> callerStops)
    {
        var template = TemplateFor(model);
        var text = suffix is null ? prefix : template.Build(prefix, suffix);
        var stops = callerStops.Concat(template.StopSequences).Where(stop => stop.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new BuiltPrompt(text, stops);
    }
}

using Microsoft.Extensions.Options;

namespace Platform.Completion.Prompts;

/// <summary>A model-ready prompt and the stop sequences that go with it.</summary>
internal sealed record BuiltPrompt(string Text, IReadOnlyList<string> StopSequences);

/// <summary>Builds the prompt for a code completion in the target model's template.</summary>
internal sealed class FimPromptBuilder(IOptions<CompletionOptions> options)
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
        => BuildText(model, prefix, suffix, callerStops);

    /// <summary>
    /// The prompt for a request that may carry cross-file context: context blocks go before the prefix. When the
    /// editor sent a window of its file (<see cref="Platform.Contracts.Completions.CompleteCode.FitToBudget"/>),
    /// everything is fitted to the budget: the suffix keeps its start, the prefix its end (the text next to the
    /// cursor), and context gets up to a quarter of the budget.
    /// </summary>
    /// <param name="repositorySnippets">Retrieval's hits for the code around the cursor, placed after the plugin's own context.</param>
    public BuiltPrompt Build(
        Platform.Contracts.Completions.CompleteCode request,
        IReadOnlyList<Platform.Contracts.Completions.CodeSnippet>? repositorySnippets = null)
    {
        var prefix = request.Prefix;
        var suffix = request.Suffix;
        var budget = options.Value.PromptCharacterBudget;
        if (!request.FitToBudget)
        {
            var unfitted = CodeContextBlocks.Render(request, budget / 4, repositorySnippets);
            return BuildText(request.Model, unfitted + prefix, suffix, request.Sampling.Stop);
        }

        if (suffix is { } whole && whole.Length > budget / 4)
        {
            suffix = whole[..(budget / 4)];
        }

        var context = CodeContextBlocks.Render(request, budget / 4, repositorySnippets);
        var prefixRoom = budget - (suffix?.Length ?? 0) - context.Length;
        if (prefix.Length > prefixRoom)
        {
            prefix = prefix[^prefixRoom..];
        }

        return BuildText(request.Model, context + prefix, suffix, request.Sampling.Stop);
    }

    private BuiltPrompt BuildText(string model, string prefix, string? suffix, IReadOnlyList<string> callerStops)
    {
        var template = TemplateFor(model);
        var text = suffix is null ? prefix : template.Build(prefix, suffix);
        var stops = callerStops.Concat(template.StopSequences).Where(stop => stop.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new BuiltPrompt(text, stops);
    }
}

using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Platform.Contracts.Generation;
using Platform.Inference;
using Platform.Inference.Engine;
using Platform.ModelWorker.Models;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// A stand-in for a real code model (which cannot run here) behind the real worker: the worker's own consumers take
/// the real <see cref="Generate"/> commands and send the real delta/finish messages; only the text comes from a
/// script. It calls the first tool of a prompt's <c>&lt;tools&gt;</c> block as Qwen2.5 would, answers once it sees a
/// tool response, completes code prompts with <see cref="CodeCompletion"/>, and generates slowly, until cancelled,
/// for code prompts that mention <see cref="SlowMarker"/>. It counts what it is asked to do.
/// </summary>
public sealed partial class ScriptedModel : ITextGeneratorLoader
{
    public const string Name = "scripted-coder";
    public const string SlowMarker = "slow_";
    public const string CodeCompletion = "total = first + second\n    return total\n";
    public const string FinalAnswer = "It is 18 degrees and sunny in Paris.";
    private int _started;
    private int _running;

    /// <summary>Generations started since the platform came up.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>The prompt of the latest generation.</summary>
    public string LastPrompt { get; private set; } = "";

    /// <summary>Generations running now (started, not yet finished or cancelled).</summary>
    public int Running => Volatile.Read(ref _running);

    public ITextGenerator Load(string directory) => new Generator(this);

    private static IEnumerable<string> Script(string prompt)
    {
        if (prompt.Contains("<|fim_prefix|>", StringComparison.Ordinal))
        {
            return Pieces(CodeCompletion);
        }

        var lastUser = prompt.LastIndexOf("<|im_start|>user", StringComparison.Ordinal);
        if (!prompt.Contains("<tools>", StringComparison.Ordinal) || prompt.IndexOf("<tool_response>", Math.Max(0, lastUser), StringComparison.Ordinal) >= 0)
        {
            return Pieces(FinalAnswer);
        }

        var tool = FirstToolName().Match(prompt).Groups[1].Value;
        var arguments = tool == "broken_tool" ? "{city: Paris" : """{"city": "Paris", "unit": "celsius"}""";
        if (prompt.EndsWith("\"arguments\": ", StringComparison.Ordinal))
        {
            return Pieces(arguments + "}\n</tool_call>");
        }

        var call = $"{{\"name\": \"{tool}\", \"arguments\": {arguments}}}\n</tool_call>";
        return Pieces(prompt.EndsWith("<tool_call>\n", StringComparison.Ordinal) ? call : "<tool_call>\n" + call);
    }

    // Small pieces, as tokens arrive, so that tags and JSON are split across deltas.
    private static IEnumerable<string> Pieces(string text)
    {
        for (var start = 0; start < text.Length; start += 3)
        {
            yield return text.Substring(start, Math.Min(3, text.Length - start));
        }
    }

    [GeneratedRegex(@"<tools>\s*\{""type"":\s*""function"",\s*""function"":\s*\{""name"":\s*""([^""]+)""")]
    private static partial Regex FirstToolName();

    private sealed class Generator(ScriptedModel owner) : ITextGenerator
    {
        public ModelDescriptor Model { get; } = new(Name, 32_768, 1000);

        public async IAsyncEnumerable<GeneratedChunk> GenerateAsync(
            TextGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            owner.LastPrompt = request.Prompt;
            Interlocked.Increment(ref owner._started);
            Interlocked.Increment(ref owner._running);
            try
            {
                var promptTokens = request.Prompt.Length / 4 + 1;
                var slow = request.Prompt.Contains(SlowMarker, StringComparison.Ordinal);
                var pieces = slow ? Enumerable.Repeat("x", request.Sampling.MaxTokens) : Script(request.Prompt);
                var produced = 0;
                foreach (var piece in pieces)
                {
                    await Task.Delay(slow ? 50 : 1, cancellationToken);
                    produced++;
                    var last = produced >= request.Sampling.MaxTokens;
                    yield return new GeneratedChunk(piece, promptTokens, produced, last ? FinishReason.Length : null);
                    if (last)
                    {
                        yield break;
                    }
                }

                yield return new GeneratedChunk("", promptTokens, produced, FinishReason.Stop);
            }
            finally
            {
                Interlocked.Decrement(ref owner._running);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

using System.Text;
using System.Text.Json;

namespace Platform.Prompting.Tools;

/// <summary>What the parser found in the model's text: plain content, or one complete function call.</summary>
public abstract record ParsedOutput
{
    public sealed record Content(string Text) : ParsedOutput;

    /// <param name="Index">0-based position of the call in the turn.</param>
    /// <param name="Arguments">JSON text.</param>
    public sealed record Call(int Index, string Name, string Arguments) : ParsedOutput;
}

/// <summary>
/// Splits a model's streamed text into content and <see cref="ToolCallSyntax"/> calls, as it arrives. Text that might
/// be the start of an open tag is held back until it is known; a call is released whole once its close tag (or the end
/// of the text) arrives, so a call whose JSON is broken can still come back as plain text rather than a bad call.
/// </summary>
public sealed class ToolCallParser
{
    private readonly bool _singleCall;
    private readonly StringBuilder _pending = new();
    private string _heldWhitespace = "";
    private bool _insideCall;
    private int _calls;

    /// <param name="singleCall">Keep only the first call (<c>parallel_tool_calls: false</c>).</param>
    /// <param name="prefill">Text the prompt already put in the model's mouth (<see cref="ToolCallSyntax.Prefill"/>).</param>
    public ToolCallParser(bool singleCall = false, string prefill = "")
    {
        _singleCall = singleCall;
        if (prefill.Length > 0)
        {
            var ignored = new List<ParsedOutput>();
            _pending.Append(prefill);
            Drain(ignored, final: false);
            if (ignored.Count > 0)
            {
                throw new ArgumentException("A prefill must not complete any output.", nameof(prefill));
            }
        }
    }

    /// <summary>How many calls have been released.</summary>
    public int CallCount => _calls;

    public IReadOnlyList<ParsedOutput> Push(string text)
    {
        var output = new List<ParsedOutput>();
        _pending.Append(text);
        Drain(output, final: false);
        return output;
    }

    /// <summary>The end of the model's text: releases everything held back.</summary>
    public IReadOnlyList<ParsedOutput> Complete()
    {
        var output = new List<ParsedOutput>();
        Drain(output, final: true);
        if (_insideCall)
        {
            // The model stopped before the close tag (a stop sequence, or max tokens): the call is good if its JSON is.
            CloseCall(_pending.ToString(), output);
            _pending.Clear();
            _insideCall = false;
        }
        else if (_pending.Length > 0)
        {
            EmitContent(_pending.ToString(), output);
            _pending.Clear();
        }

        if (_calls == 0 && _heldWhitespace.Length > 0)
        {
            output.Add(new ParsedOutput.Content(_heldWhitespace));
        }

        _heldWhitespace = "";
        return output;
    }

    /// <summary>Parses a whole answer at once.</summary>
    public static IReadOnlyList<ParsedOutput> ParseAll(string text, bool singleCall = false, string prefill = "")
    {
        var parser = new ToolCallParser(singleCall, prefill);
        return [.. parser.Push(text), .. parser.Complete()];
    }

    private void Drain(List<ParsedOutput> output, bool final)
    {
        while (true)
        {
            var text = _pending.ToString();
            if (_insideCall)
            {
                var close = text.IndexOf(ToolCallSyntax.Close, StringComparison.Ordinal);
                if (close < 0)
                {
                    return;
                }

                CloseCall(text[..close], output);
                _pending.Remove(0, close + ToolCallSyntax.Close.Length);
                _insideCall = false;
                continue;
            }

            var open = text.IndexOf(ToolCallSyntax.Open, StringComparison.Ordinal);
            if (open >= 0)
            {
                EmitContent(text[..open], output);
                _pending.Remove(0, open + ToolCallSyntax.Open.Length);
                _insideCall = true;
                continue;
            }

            var keep = final ? 0 : PartialOpenLength(text);
            EmitContent(text[..^keep], output);
            _pending.Remove(0, text.Length - keep);
            return;
        }
    }

    /// <summary>Length of the longest end of <paramref name="text"/> that begins the open tag.</summary>
    private static int PartialOpenLength(string text)
    {
        for (var length = Math.Min(text.Length, ToolCallSyntax.Open.Length - 1); length > 0; length--)
        {
            if (ToolCallSyntax.Open.StartsWith(text[^length..], StringComparison.Ordinal))
            {
                return length;
            }
        }

        return 0;
    }

    private void CloseCall(string body, List<ParsedOutput> output)
    {
        if (TryReadCall(body) is not { } call)
        {
            EmitContent(ToolCallSyntax.Open + body + (body.EndsWith(ToolCallSyntax.Close, StringComparison.Ordinal) ? "" : ToolCallSyntax.Close), output);
            return;
        }

        if (_singleCall && _calls > 0)
        {
            return;
        }

        _heldWhitespace = "";
        output.Add(new ParsedOutput.Call(_calls++, call.Name, call.Arguments));
    }

    // Whitespace around calls is layout, not content: it is held until real text follows it.
    private void EmitContent(string text, List<ParsedOutput> output)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            _heldWhitespace += text;
            return;
        }

        output.Add(new ParsedOutput.Content(_heldWhitespace + text));
        _heldWhitespace = "";
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (string Name, string Arguments)? TryReadCall(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || name.GetString() is not { Length: > 0 } functionName)
            {
                return null;
            }

            if (!root.TryGetProperty("arguments", out var arguments) && !root.TryGetProperty("parameters", out arguments))
            {
                return (functionName, "{}");
            }

            return arguments.ValueKind switch
            {
                JsonValueKind.String => IsJson(arguments.GetString()!) ? (functionName, arguments.GetString()!) : null,
                JsonValueKind.Null => (functionName, "{}"),
                _ => (functionName, arguments.GetRawText()),
            };
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

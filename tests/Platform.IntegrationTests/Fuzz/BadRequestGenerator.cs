using System.Text;
using System.Text.Json.Nodes;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>One generated request: what to send, and a label saying how it was broken.</summary>
public sealed record FuzzRequest(string Method, string Path, string? ContentType, byte[] Body, string Mutation)
{
    public override string ToString() =>
        $"{Method} {Path} [{ContentType}] {Mutation}: {Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300)))}";
}

/// <summary>
/// Seeded random mutations of valid bodies of every public endpoint: wrong types, huge numbers, missing and unknown
/// fields, truncated JSON, random bytes, invalid UTF-8, lone surrogates, deep nesting, oversize bodies, wrong
/// methods and content types. Valid bodies ask for one token, so a mutation that happens to stay valid is cheap.
/// </summary>
public sealed class BadRequestGenerator(int seed)
{
    private const int OversizeBytes = (1 << 20) + 17;
    private readonly Random _random = new(seed);

    private static readonly (string Path, string Body)[] ValidBodies =
    [
        ("/v1/completions", """{"model":"tiny-coder","prompt":"def f(x):","suffix":"\n","max_tokens":1,"temperature":0,"stop":["\n\n"],"stream":false,"seed":1}"""),
        ("/v1/chat/completions", """{"model":"tiny-coder","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":[{"type":"text","text":"hi"}]}],"max_tokens":1,"max_completion_tokens":1,"temperature":0,"top_p":0.9,"stream":false}"""),
        ("/v1/fim/completions", """{"model":"tiny-coder","prompt":"def f(x):","suffix":"\n","max_tokens":1,"temperature":0,"random_seed":3}"""),
        ("/v1/code/completions", """{"language":"python","segments":{"prefix":"def f(x):","suffix":"\n","filepath":"a.py","declarations":[{"filepath":"b.py","body":"X = 1"}],"relevant_snippets_from_changed_files":[{"filepath":"c.py","body":"Y = 2","score":0.5}],"clipboard":"z"},"max_tokens":1,"temperature":0}"""),
        ("/v1/code/events", """{"type":"select","completion_id":"cmpl-0123","choice_index":0,"accepted_characters":3,"select_kind":"line","elapsed":120}"""),
    ];

    private static readonly string[] WeirdValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "9223372036854775808", "1e999999", "123456789012345678901234567890",
        "\"\"", "\"x\"", "\"\\ud800\"", "[]", "[1,2]", "[null]", "{}", "{\"a\":{}}", "[[[[[]]]]]", "\"" + new string('y', 5000) + "\"",
    ];

    public FuzzRequest Next()
    {
        var (path, valid) = ValidBodies[_random.Next(ValidBodies.Length)];
        return _random.Next(15) switch
        {
            0 => Json(path, RemoveField(valid), "missing field"),
            1 or 2 => Json(path, ReplaceValue(valid), "wrong type or value"),
            3 => Json(path, AddField(valid), "unknown or unsupported field"),
            4 => Json(path, Encoding.UTF8.GetBytes(valid[.._random.Next(valid.Length)]), "truncated JSON"),
            5 => Json(path, RandomBytes(_random.Next(1, 400)), "random bytes"),
            6 => Json(path, InvalidUtf8(valid), "invalid UTF-8"),
            7 => Json(path, Encoding.UTF8.GetBytes(Nested(_random.Next(33, 20_000))), "deep nesting"),
            8 => _random.Next(6) == 0
                ? Json(path, Oversize(), "oversize body")
                : Json(path, Encoding.UTF8.GetBytes(TopLevelNonObject()), "top level not an object"),
            9 => new FuzzRequest(Pick("GET", "PUT", "DELETE", "PATCH"), path, "application/json", Encoding.UTF8.GetBytes(valid), "wrong method"),
            10 => new FuzzRequest("POST", path, Pick("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml", "application/json; charset=latin1", "image/png", "%%%"), Encoding.UTF8.GetBytes(valid), "wrong content type"),
            11 => Json(path, Encoding.UTF8.GetBytes(valid.Replace("tiny-coder", Pick("gpt-4o", "", "../etc/passwd", "tiny coder"), StringComparison.Ordinal)), "unknown model"),
            12 => Json(path, Encoding.UTF8.GetBytes(valid.Replace("\"max_tokens\":1", $"\"max_tokens\":{Pick("0", "-5", "-100000000", "-1e12", "\"10\"", "2.5")}", StringComparison.Ordinal)), "absurd max_tokens"),
            13 => Json(path, [], "empty body"),
            _ => Json(path, Encoding.UTF8.GetBytes(LoneSurrogate(valid)), "lone surrogate"),
        };
    }

    private static FuzzRequest Json(string path, byte[] body, string mutation) => new("POST", path, "application/json", body, mutation);

    private static FuzzRequest Json(string path, string body, string mutation) => Json(path, Encoding.UTF8.GetBytes(body), mutation);

    private string RemoveField(string valid)
    {
        var node = JsonNode.Parse(valid)!.AsObject();
        var target = PickObject(node);
        var names = target.Select(pair => pair.Key).ToList();
        if (names.Count > 0)
        {
            target.Remove(names[_random.Next(names.Count)]);
        }

        return node.ToJsonString();
    }

    private string ReplaceValue(string valid)
    {
        var node = JsonNode.Parse(valid)!.AsObject();
        var target = PickObject(node);
        var names = target.Select(pair => pair.Key).ToList();
        var name = names[_random.Next(names.Count)];
        target.Remove(name);
        var json = node.ToJsonString();
        // Raw text, so that values JsonNode cannot hold (1e999999, lone surrogates) go out as written.
        var insert = $"\"{name}\":{WeirdValues[_random.Next(WeirdValues.Length)]}";
        return json.Length > 2 ? json.Insert(1, insert + ",") : "{" + insert + "}";
    }

    private string AddField(string valid)
    {
        var extra = Pick("\"n\":3", "\"logprobs\":true", "\"tools\":[{\"type\":\"function\"}]", "\"response_format\":{\"type\":\"json_object\"}",
            "\"echo\":true", "\"best_of\":2", "\"bogus\":1", "\"tool_choice\":\"required\"", "\"min_tokens\":5", "\"stream_options\":5");
        return valid.Insert(1, extra + ",");
    }

    private JsonObject PickObject(JsonObject root)
    {
        var objects = new List<JsonObject> { root };
        Collect(root, objects);
        return objects[_random.Next(objects.Count)];
    }

    private static void Collect(JsonNode? node, List<JsonObject> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is JsonObject childObject)
                    {
                        into.Add(childObject);
                    }

                    Collect(child, into);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is JsonObject childObject)
                    {
                        into.Add(childObject);
                    }

                    Collect(child, into);
                }

                break;
        }
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] InvalidUtf8(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid).ToList();
        // Inside a string value: after the first quote that opens a value.
        var at = valid.IndexOf(":\"", StringComparison.Ordinal) + 2;
        byte[][] broken = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0xBC], [0x80], [0xC0, 0xAF]];
        bytes.InsertRange(Math.Max(0, at), broken[_random.Next(broken.Length)]);
        return [.. bytes];
    }

    private string LoneSurrogate(string valid)
    {
        var at = valid.IndexOf(":\"", StringComparison.Ordinal) + 2;
        return valid.Insert(at, Pick("\\ud800", "\\udfff", "\\ud83d", "\\u0000"));
    }

    private string Nested(int depth) => _random.Next(2) == 0
        ? new string('[', depth) + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private string TopLevelNonObject() => Pick("[]", "[{\"prompt\":\"x\"}]", "\"prompt\"", "42", "null", "true");

    private static byte[] Oversize()
    {
        var body = new StringBuilder("{\"prompt\":\"");
        body.Append('x', OversizeBytes);
        return Encoding.UTF8.GetBytes(body.Append("\"}").ToString());
    }

    private string Pick(params string[] options) => options[_random.Next(options.Length)];
}

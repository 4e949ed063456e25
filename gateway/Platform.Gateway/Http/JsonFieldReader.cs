using System.Text.Json;

namespace Platform.Gateway.Http;

/// <summary>Typed, validated access to the optional fields of a JSON object; problems are collected by field name.</summary>
internal sealed class JsonFieldReader(JsonElement body, Dictionary<string, string[]>? errors = null, string path = "")
{
    public Dictionary<string, string[]> Errors { get; } = errors ?? [];

    /// <summary>What this reader puts before each field name in its errors (<c>messages[2].</c>).</summary>
    public string PathPrefix => path;

    public void Fail(string field, string message) => Errors[path + field] = [message];

    public bool Has(string field) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out _);

    public string? String(string field) => Value(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => Text(field, value),
        _ => Wrong<string>(field, "a string"),
    };

    /// <summary>A string no longer than <paramref name="maxLength"/> characters.</summary>
    public string? String(string field, int maxLength)
    {
        var value = String(field);
        if (value is not null && value.Length > maxLength)
        {
            Fail(field, $"Must be at most {maxLength} characters; got {value.Length}.");
            return null;
        }

        return value;
    }

    public JsonElement? Array(string field) => Value(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } value => value,
        _ => Wrong<JsonElement?>(field, "an array"),
    };

    /// <summary>Fails every field of the object not in <paramref name="known"/>: for APIs where a typo must not pass silently.</summary>
    public void RejectUnknown(IReadOnlySet<string> known)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                Fail(property.Name, "Unknown field.");
            }
        }
    }

    /// <summary>
    /// A JSON string's text. Escaped lone surrogates (<c>"\ud800"</c>) are valid JSON but not text; reading one
    /// throws, so it becomes a field error instead.
    /// </summary>
    public string? Text(string field, JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            Fail(field, "Must be valid Unicode text (it contains an unpaired surrogate escape).");
            return null;
        }
    }

    public bool? Boolean(string field) => Value(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => Wrong<bool?>(field, "true or false"),
    };

    public JsonElement? Object(string field) => Value(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => value,
        _ => Wrong<JsonElement?>(field, "an object"),
    };

    public int? Integer(string field, int min, int max)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return Wrong<int?>(field, "an integer");
        }

        if (number < min || number > max)
        {
            Fail(field, $"Must be between {min} and {max}; got {number}.");
            return null;
        }

        return (int)number;
    }

    /// <summary>
    /// A token count: any integer of at least 1, however large, lowered to <paramref name="ceiling"/> (clients ask for
    /// more than any context holds and expect the room left, not a refusal).
    /// </summary>
    public int? TokenCount(string field, int ceiling)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !IsInteger(value, out var number))
        {
            return Wrong<int?>(field, "an integer");
        }

        if (number < 1)
        {
            Fail(field, $"Must be at least 1; got {number}.");
            return null;
        }

        return (int)Math.Min(number, ceiling);
    }

    private static bool IsInteger(JsonElement value, out decimal number)
    {
        if (value.TryGetInt64(out var whole))
        {
            number = whole;
            return true;
        }

        // Integers beyond 64 bits still count as integers; fractions do not.
        number = value.TryGetDecimal(out var big) && decimal.Truncate(big) == big && !value.GetRawText().Contains('.') ? big : 0;
        return number != 0;
    }

    public long? Long(string field) => Value(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        _ => Wrong<long?>(field, "an integer"),
    };

    public float? Number(string field, double min, double max, bool minExclusive = false)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return Wrong<float?>(field, "a number");
        }

        if ((minExclusive ? number <= min : number < min) || number > max)
        {
            Fail(field, $"Must be {(minExclusive ? "greater than" : "at least")} {min} and at most {max}; got {number}.");
            return null;
        }

        return (float)number;
    }

    public IReadOnlyList<string>? StringOrStrings(string field, int maxCount)
    {
        switch (Value(field))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.String } single:
                return Text(field, single) is { } text ? [text] : null;
            case { ValueKind: JsonValueKind.Array } array:
                var items = new List<string>();
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return Wrong<IReadOnlyList<string>>(field, "a string or an array of strings");
                    }

                    if (Text(field, item) is not { } itemText)
                    {
                        return null;
                    }

                    items.Add(itemText);
                }

                if (items.Count > maxCount)
                {
                    Fail(field, $"At most {maxCount} item(s) are allowed; got {items.Count}.");
                    return null;
                }

                return items;
            default:
                return Wrong<IReadOnlyList<string>>(field, "a string or an array of strings");
        }
    }

    // Absent and explicit null both mean "use the default", as in OpenAI's API.
    private JsonElement? Value(string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private T? Wrong<T>(string field, string expected)
    {
        Fail(field, $"Must be {expected}.");
        return default;
    }
}

using System.Text;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Each model has its own queue, <c>model-{name}</c>: workers serving the model consume it, and its depth is the
/// backlog KEDA scales that model's workers on.
/// </summary>
public static class ModelQueues
{
    public static string EndpointName(string model)
    {
        var name = new StringBuilder("model-", model.Length + 6);
        foreach (var character in model.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(character) || character == '-' ? character : '-');
        }

        return name.ToString();
    }

    public static Uri Address(string model) => new($"queue:{EndpointName(model)}");
}

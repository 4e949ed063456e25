using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Platform.Operations.Tests.Helm;

/// <summary>values.schema.json accepts the chart's values files and refuses what would undo the hardening.</summary>
public sealed class ValuesSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(Repository.Read($"{Chart.Folder}/values.schema.json"));

    [Theory]
    [InlineData("values.yaml")]
    [InlineData("values.yaml", "values-gpu.yaml")]
    public void The_values_files_pass_the_schema(params string[] files)
    {
        var result = Evaluate(Chart.Values(files));

        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("securityContext.readOnlyRootFilesystem", "false")]
    [InlineData("securityContext.allowPrivilegeEscalation", "true")]
    [InlineData("podSecurityContext.runAsNonRoot", "false")]
    [InlineData("podSecurityContext.seccompProfile.type", "\"Unconfined\"")]
    [InlineData("gateway.resources.limits", "{\"memory\": \"512Mi\"}")]
    [InlineData("completion.resources", "{\"requests\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}")]
    [InlineData("ingress.tls", "[]")]
    [InlineData("ingress.paths", "[\"/\"]")]
    [InlineData("gateway.terminationGracePeriodSeconds", "5")]
    [InlineData("modelWorker.models", "[{\"gpu\": 1}]")]
    [InlineData("modelWorker.defaults.keda.minReplicaCount", "-1")]
    [InlineData("dapr.secretStore.type", "\"vault\"")]
    [InlineData("adminConsole.resources", "{\"requests\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}")]
    [InlineData("adminConsole.oidc.authority", "\"http://login.example.com\"")]
    [InlineData("adminConsole.ingress.path", "\"/\"")]
    [InlineData("unknownSetting", "true")]
    public void A_value_that_undoes_the_hardening_is_refused(string path, string json)
    {
        var values = Chart.Values();
        var keys = path.Split('.');
        var parent = keys[..^1].Aggregate((JsonNode)values, (node, key) => node[key]!);
        parent[keys[^1]] = JsonNode.Parse(json);

        Assert.False(Evaluate(values).IsValid, $"{path} = {json} passed the schema");
    }

    private static EvaluationResults Evaluate(JsonObject values)
    {
        using var document = JsonDocument.Parse(values.ToJsonString());
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")));
}

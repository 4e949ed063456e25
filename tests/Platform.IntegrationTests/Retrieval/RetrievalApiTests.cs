using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Platform.IntegrationTests.Retrieval;

[Collection(ShardedRetrievalPlatformDefinition.Name)]
public sealed class RetrievalApiTests(ShardedRetrievalPlatform platform)
{
    [Fact]
    public async Task A_pushed_repository_is_indexed_and_searched_through_the_gateway()
    {
        using var http = platform.Client(0);
        var id = await CreatePushedRepositoryAsync(http, "billing", ("src/invoice.go",
            "func ComputeInvoiceTotal(lines []Line) float64 {\n\treturn sumOf(lines, func(l Line) float64 { return l.Price * l.Quantity })\n}\n"));

        using var search = await http.PostAsJsonAsync("/v1/search/code", new { query = "invoice total of the lines", top_k = 5 });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var hit = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")[0];
        Assert.Equal("src/invoice.go", hit.GetProperty("path").GetString());
        Assert.Equal(1, hit.GetProperty("start_line").GetInt32());
        Assert.Equal(3, hit.GetProperty("end_line").GetInt32());
        Assert.Equal("ComputeInvoiceTotal", hit.GetProperty("symbol").GetString());
        Assert.Equal("go", hit.GetProperty("language").GetString());
        Assert.True(hit.GetProperty("score").GetDouble() > 0);

        var list = await http.GetFromJsonAsync<JsonElement>("/v1/repositories");
        Assert.Contains(list.GetProperty("data").EnumerateArray(), repository => repository.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/repositories/{id}")).StatusCode);
        using var gone = await http.GetAsync($"/v1/repositories/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/v1/search/code", "{}", HttpStatusCode.BadRequest)]
    [InlineData("/v1/search/code", "{\"query\": \"x\", \"top_k\": 0}", HttpStatusCode.BadRequest)]
    [InlineData("/v1/search/code", "{\"query\": \"x\", \"colour\": 1}", HttpStatusCode.BadRequest)]
    [InlineData("/v1/search/code", "{\"query\": \"x\", \"repositories\": [\"no-such-repo\"]}", HttpStatusCode.NotFound)]
    [InlineData("/v1/search/code", "[1, 2", HttpStatusCode.BadRequest)]
    [InlineData("/v1/repositories", "{\"name\": \"x\", \"git_url\": \"ftp://example.com/x.git\"}", HttpStatusCode.BadRequest)]
    [InlineData("/v1/repositories", "{\"git_url\": \"https://example.com/x.git\"}", HttpStatusCode.BadRequest)]
    [InlineData("/v1/repositories/repo_missing/files", "{\"files\": [{\"path\": \"../etc/passwd\", \"content\": \"x\"}]}", HttpStatusCode.BadRequest)]
    [InlineData("/v1/repositories/repo_missing/files", "{\"files\": [{\"path\": \"a.py\", \"sha256\": \"XYZ\"}]}", HttpStatusCode.BadRequest)]
    [InlineData("/v1/repositories/repo_missing/files", "{\"files\": [{\"path\": \"a.py\", \"content\": \"x\"}]}", HttpStatusCode.NotFound)]
    public async Task Bad_retrieval_requests_get_a_problem_answer(string path, string body, HttpStatusCode expected)
    {
        using var http = platform.Client(1);
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_key_without_the_retrieval_scope_is_refused()
    {
        using var http = DistributedPlatformClient(await platform.KeyWithScopesAsync(0, "completions"));
        using var response = await http.PostAsJsonAsync("/v1/search/code", new { query = "anything" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Each_replica_holds_only_its_shards_tenants_and_keeps_them_across_a_restart()
    {
        using var first = platform.Client(0);
        using var second = platform.Client(1);
        await CreatePushedRepositoryAsync(first, "shard-zero", ("zero.py", "def zebra_crossing_signal():\n    return 'walk'\n"));
        await CreatePushedRepositoryAsync(second, "shard-one", ("one.py", "def yak_shaving_schedule():\n    return 'never'\n"));

        Assert.Equal([platform.Tenants[0].Tenant], TenantsIn(0));
        Assert.Equal([platform.Tenants[1].Tenant], TenantsIn(1));
        Assert.Empty(await PathsFoundAsync(first, "yak_shaving_schedule", "one.py")); // the other tenant's chunk

        await platform.RestartReplicaAsync(1);
        Assert.Equal(["one.py"], await PathsFoundAsync(second, "yak_shaving_schedule", "one.py"));
    }

    private HttpClient DistributedPlatformClient(string key) => Distributed.DistributedPlatform.ClientFor(platform.Gateway, key);

    private List<string> TenantsIn(int shard) =>
        [.. Directory.GetFiles(Path.Combine(platform.DataFolder(shard), "retrieval", "tenants"), "tenant.txt", SearchOption.AllDirectories)
            .Select(File.ReadAllText).Where(tenant => tenant.StartsWith("tenant-", StringComparison.Ordinal))];

    private static async Task<List<string>> PathsFoundAsync(HttpClient http, string query, string path)
    {
        using var response = await http.PostAsJsonAsync("/v1/search/code", new { query, top_k = 10 });
        response.EnsureSuccessStatusCode();
        var hits = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").EnumerateArray();
        return [.. hits.Select(hit => hit.GetProperty("path").GetString()!).Where(found => found == path)];
    }

    private static async Task<string> CreatePushedRepositoryAsync(HttpClient http, string name, params (string Path, string Content)[] files)
    {
        using var created = await http.PostAsJsonAsync("/v1/repositories", new { name = $"{name}-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var pushed = await http.PostAsJsonAsync($"/v1/repositories/{id}/files",
            new { files = files.Select(file => new { path = file.Path, content = file.Content }) });
        Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
        Assert.Equal(files.Length, (await pushed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/v1/repositories/{id}");
            var state = status.GetProperty("indexing").GetProperty("state").GetString();
            if (state == "ready")
            {
                Assert.Equal(files.Length, status.GetProperty("indexing").GetProperty("files").GetInt32());
                return id;
            }

            Assert.True(state != "failed" && DateTime.UtcNow < deadline, $"Indexing ended {state}: {status}");
            await Task.Delay(100);
        }
    }
}

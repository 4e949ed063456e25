using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Retrieval;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary><c>POST /v1/search/code</c> and <c>POST /v1/search/web</c>, for the caller's tenant only.</summary>
internal static class SearchApi
{
    private static readonly HashSet<string> CodeFields = ["query", "repositories", "language", "top_k"];
    private static readonly HashSet<string> WebFields = ["query", "top_k"];

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder v1)
    {
        var group = RetrievalRequests.RequireScope(v1.MapGroup("/search").WithTags("Retrieval"));
        group.MapPost("/code", SearchCodeAsync).WithName("SearchCode")
            .WithSummary("Searches the tenant's indexed repositories (BM25 and embeddings fused); snippets with path, lines, symbol, language, score.")
            .Accepts<object>("application/json").ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/web", SearchWebAsync).WithName("SearchWeb")
            .WithSummary("Searches the web, fetches the top pages and returns passages ranked against the query.")
            .Accepts<object>("application/json").ProducesProblem(StatusCodes.Status400BadRequest);
        return v1;
    }

    private static async Task<IResult> SearchCodeAsync(HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        var body = await RequestBody.ReadJsonAsync(context.Request, 256 * 1024, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var fields = new JsonFieldReader(document.RootElement);
        fields.RejectUnknown(CodeFields);
        var query = Query(fields);
        var request = new SearchCode
        {
            TenantId = caller.TenantId,
            Query = query ?? "",
            Repositories = fields.StringOrStrings("repositories", 50),
            Language = fields.String("language", 64),
            TopK = fields.Integer("top_k", 1, 100) ?? 10,
        };
        if (fields.Errors.Count > 0)
        {
            return GatewayProblems.InvalidRequest(fields.Errors);
        }

        return await retrieval.SendAsync<SearchCode, CodeSearchResults>(caller.TenantId, request,
            results => RetrievalRequests.Ok(new { data = results.Hits, elapsed_ms = results.ElapsedMs }), context.RequestAborted);
    }

    private static async Task<IResult> SearchWebAsync(HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        var body = await RequestBody.ReadJsonAsync(context.Request, 64 * 1024, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var fields = new JsonFieldReader(document.RootElement);
        fields.RejectUnknown(WebFields);
        var request = new SearchWeb { TenantId = caller.TenantId, Query = Query(fields) ?? "", TopK = fields.Integer("top_k", 1, 20) ?? 5 };
        if (fields.Errors.Count > 0)
        {
            return GatewayProblems.InvalidRequest(fields.Errors);
        }

        return await retrieval.SendAsync<SearchWeb, WebSearchResults>(caller.TenantId, request,
            results => RetrievalRequests.Ok(new { data = results.Hits, cached = results.FromCache }), context.RequestAborted);
    }

    private static string? Query(JsonFieldReader fields)
    {
        var query = fields.String("query", 8192);
        if (string.IsNullOrWhiteSpace(query) && !fields.Errors.ContainsKey("query"))
        {
            fields.Fail("query", "Required: the text to search for.");
        }

        return query;
    }
}

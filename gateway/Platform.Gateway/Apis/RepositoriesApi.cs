using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Retrieval;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// <c>/v1/repositories</c>: a tenant registers git remotes (or push repositories), pushes files, and reads indexing
/// progress. Every call needs the <c>retrieval</c> scope and sees only the caller's tenant.
/// </summary>
internal static class RepositoriesApi
{
    private const int MaxPushBytes = 16 * 1024 * 1024;
    private const int MaxFilesPerPush = 2000;
    private static readonly HashSet<string> RegisterFields = ["name", "git_url", "access_token", "branch"];
    private static readonly HashSet<string> PushFields = ["files", "deleted"];

    public static RouteGroupBuilder MapRepositoriesApi(this RouteGroupBuilder v1)
    {
        var group = RetrievalRequests.RequireScope(v1.MapGroup("/repositories").WithTags("Retrieval"));
        group.MapPost("", RegisterAsync).WithName("RegisterRepository")
            .WithSummary("Registers a git remote (https, optional access token) or, without git_url, a repository whose files are pushed.")
            .Accepts<object>("application/json").Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", ListAsync).WithName("ListRepositories").WithSummary("The tenant's repositories with their indexing progress.");
        group.MapGet("/{id}", GetAsync).WithName("GetRepository").WithSummary("One repository and its indexing progress.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteRepository").WithSummary("Deletes a repository and its index.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/sync", SyncAsync).WithName("SyncRepository")
            .WithSummary("Fetches a git repository now and indexes the files its new commits changed.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/files", PushAsync).WithName("PushRepositoryFiles")
            .WithSummary("Pushes a batch of files ({path, content} or {path, sha256}) and deletions; unchanged files cost nothing.")
            .Accepts<object>("application/json").Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        var body = await RequestBody.ReadJsonAsync(context.Request, 64 * 1024, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var fields = new JsonFieldReader(document.RootElement);
        fields.RejectUnknown(RegisterFields);
        var name = fields.String("name", 100);
        if (string.IsNullOrWhiteSpace(name) && !fields.Errors.ContainsKey("name"))
        {
            fields.Fail("name", "Required: a name for the repository, unique within the tenant.");
        }

        var request = new RegisterRepository
        {
            TenantId = caller.TenantId,
            Name = name ?? "",
            GitUrl = fields.String("git_url", 2048),
            AccessToken = fields.String("access_token", 4096),
            Branch = fields.String("branch", 256),
        };
        if (fields.Errors.Count > 0)
        {
            return GatewayProblems.InvalidRequest(fields.Errors);
        }

        return await retrieval.SendAsync<RegisterRepository, RepositoryFound>(caller.TenantId, request,
            found => RetrievalRequests.Ok(found.Repository, StatusCodes.Status201Created), context.RequestAborted);
    }

    private static async Task<IResult> ListAsync(HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        return await retrieval.SendAsync<ListRepositories, RepositoryList>(caller.TenantId,
            new ListRepositories { TenantId = caller.TenantId }, list => RetrievalRequests.Ok(new { data = list.Repositories }), context.RequestAborted);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        return await retrieval.SendAsync<GetRepository, RepositoryFound>(caller.TenantId,
            new GetRepository { TenantId = caller.TenantId, RepositoryId = id }, found => RetrievalRequests.Ok(found.Repository), context.RequestAborted);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        return await retrieval.SendAsync<DeleteRepository, RepositoryDeleted>(caller.TenantId,
            new DeleteRepository { TenantId = caller.TenantId, RepositoryId = id }, _ => Results.NoContent(), context.RequestAborted);
    }

    private static async Task<IResult> SyncAsync(string id, HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        return await retrieval.SendAsync<SyncRepository, RepositoryFound>(caller.TenantId,
            new SyncRepository { TenantId = caller.TenantId, RepositoryId = id },
            found => RetrievalRequests.Ok(found.Repository, StatusCodes.Status202Accepted), context.RequestAborted);
    }

    private static async Task<IResult> PushAsync(string id, HttpContext context, RetrievalRequests retrieval)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        var body = await RequestBody.ReadJsonAsync(context.Request, MaxPushBytes, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var request = PushRequestReader.Read(document.RootElement, caller.TenantId, id, MaxFilesPerPush, PushFields, out var errors);
        if (request is null)
        {
            return GatewayProblems.InvalidRequest(errors);
        }

        return await retrieval.SendAsync<PushRepositoryFiles, RepositoryFilesAccepted>(caller.TenantId, request,
            accepted => RetrievalRequests.Ok(accepted, StatusCodes.Status202Accepted), context.RequestAborted);
    }
}

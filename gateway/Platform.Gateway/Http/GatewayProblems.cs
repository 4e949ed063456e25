using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Platform.Gateway.Http;

/// <summary>
/// RFC 7807 problem+json answers. Each also carries OpenAI's <c>error</c> object so that OpenAI clients show the
/// same message.
/// </summary>
internal static class GatewayProblems
{
    public static IResult Create(int status, string title, string detail, string code, IDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
        };
        problem.Extensions["code"] = code;
        problem.Extensions["error"] = new { message = detail, type = ErrorType(status), code };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return Results.Problem(problem);
    }

    public static IResult InvalidRequest(IDictionary<string, string[]> errors)
    {
        var detail = string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
        return Create(StatusCodes.Status400BadRequest, "Invalid request", detail, "invalid_request", errors);
    }

    public static IResult MalformedJson(string reason) =>
        Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"The request body is not valid JSON: {reason}", "invalid_json");

    public static IResult UnknownModel(string model, IEnumerable<string> served) =>
        Create(StatusCodes.Status404NotFound, "Unknown model",
            $"The model '{model}' does not exist. Available: {string.Join(", ", served.Order(StringComparer.Ordinal))}.",
            "model_not_found");

    private static string ErrorType(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "invalid_request_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}

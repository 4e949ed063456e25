using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// The one way a generating request goes through the gateway, whatever its endpoint: read the body → resolve the
/// model, authorise and admit → start the generation → respond as JSON or server-sent events, under the request
/// timeout. A client that leaves cancels the generation on the worker; the limits are settled with the tokens the
/// worker reported.
/// </summary>
internal static class GenerationPipeline
{
    public const int MaxBodyBytes = 1 << 20;
    public const string WorkerTimeHeader = "x-platform-worker-ms";
    public const string QueueTimeHeader = "x-platform-queue-ms";

    public static RouteHandlerBuilder MapGeneration<TRequest>(this RouteGroupBuilder v1, GenerationEndpoint<TRequest> endpoint)
        where TRequest : class, IGeneratingRequest =>
        v1.MapPost(endpoint.Route["/v1".Length..],
            (HttpContext context, GenerationDispatcher dispatcher, GenerationAdmission admission, IOptions<GatewayOptions> options) =>
                RunAsync(context, endpoint, dispatcher, admission, options.Value));

    private static async Task<IResult> RunAsync<TRequest>(
        HttpContext context, GenerationEndpoint<TRequest> endpoint, GenerationDispatcher dispatcher, GenerationAdmission admission,
        GatewayOptions options)
        where TRequest : class, IGeneratingRequest
    {
        var body = await RequestBody.ReadJsonAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        TRequest? request;
        using (var document = body.Document!)
        {
            request = endpoint.Read(document.RootElement, options.Sampling, out var errors);
            if (request is null)
            {
                return GatewayProblems.InvalidRequest(errors);
            }
        }

        var served = options.ServedModels();
        var model = request.Model ?? options.DefaultModel;
        if (!served.Contains(model))
        {
            return GatewayProblems.UnknownModel(model, served);
        }

        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        var reserved = GenerationAdmission.EstimateTokens(request.PromptCharacters, request.Sampling.MaxTokens);
        var admitted = await admission.AdmitAsync(caller, endpoint.Scope, model, reserved, context.RequestAborted);
        AdmissionAnswers.WriteRateLimitHeaders(context.Response, admitted);
        if (admitted.Refusal is { } refusal)
        {
            return AdmissionAnswers.Problem(context.Response, refusal);
        }

        // Released (and its token count settled) after the response is sent, not on the response path.
        var lease = admitted.Lease!;
        context.Response.RegisterForDisposeAsync(lease);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.RequestTimeout);

        var ticket = dispatcher.NewTicket(caller, model, request.Sampling, request.Stream, endpoint.Route, admitted.Plan?.PriorityBoost ?? 0);
        await using var generation = await endpoint.StartAsync(dispatcher, request, ticket, context.RequestAborted);
        try
        {
            var result = request.Stream
                ? await endpoint.StreamAsync(context, generation, request, timeout.Token)
                : await AnswerAsync(endpoint, generation, request, timeout.Token);
            WriteWorkerTiming(context.Response, generation.Stream.Outcome);
            return result;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty; // the client left: nobody to tell
        }
        catch (OperationCanceledException) when (context.Response.HasStarted)
        {
            // The timeout fired mid-stream: the status is sent, so the client learns it from an error event and [DONE].
            var timedOut = new GenerationEvent.Rejected("timeout",
                $"No complete answer within {options.RequestTimeout.TotalSeconds:F0} s.");
            await ServerSentEvents.WriteFailureAsync(context.Response, timedOut, context.RequestAborted);
            return Results.Empty;
        }
        catch (OperationCanceledException)
        {
            return GenerationProblems.Timeout(options.RequestTimeout);
        }
        finally
        {
            if (generation.Stream.Outcome is { } outcome)
            {
                lease.ActualTokens = outcome.PromptTokens + outcome.CompletionTokens;
            }
        }
    }

    /// <summary>Reads the generation to its end and answers with the endpoint's JSON, or the rejection as a problem.</summary>
    private static async Task<IResult> AnswerAsync<TRequest>(
        GenerationEndpoint<TRequest> endpoint, OpenGeneration generation, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IGeneratingRequest
    {
        var text = new StringBuilder();
        await foreach (var item in generation.Stream.ReadAllAsync(cancellationToken))
        {
            switch (item)
            {
                case GenerationEvent.Text delta:
                    text.Append(delta.Value);
                    generation.Logprobs.AddRange(delta.Logprobs ?? []);
                    break;
                case GenerationEvent.Citations cited:
                    generation.Citations = cited.Sources;
                    break;
                case GenerationEvent.Finished finished:
                    generation.Ended = true;
                    return Results.Json(endpoint.Answer(generation, text.ToString(), finished.Outcome, request));
                case GenerationEvent.Rejected rejected:
                    generation.Ended = true;
                    return GenerationProblems.Rejection(rejected);
            }
        }

        throw new OperationCanceledException();
    }

    /// <summary>
    /// The worker's own time and the time the request waited for a worker, on answers not yet started (not streams),
    /// so a client can tell the platform's overhead from the model's work.
    /// </summary>
    private static void WriteWorkerTiming(HttpResponse response, GenerationFinished? outcome)
    {
        if (outcome is null || response.HasStarted)
        {
            return;
        }

        response.Headers[WorkerTimeHeader] = Milliseconds(outcome.WorkerTime);
        response.Headers[QueueTimeHeader] = Milliseconds(outcome.QueueTime);
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture);
}

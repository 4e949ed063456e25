using MassTransit;
using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Prompting;

/// <summary>
/// The last step of every prompt-building service (completion, chat): drop a request whose deadline has passed,
/// telling its gateway why, else hand the built prompt to the model's queue as a <see cref="Generate"/>.
/// </summary>
public static class PromptForwarding
{
    /// <summary>Rejects the generation on its stream when its deadline has passed; returns whether it did.</summary>
    public static async Task<bool> RejectIfExpiredAsync(this ConsumeContext context, IGenerationRequest request, DateTimeOffset now)
    {
        if (request.Deadline > now)
        {
            return false;
        }

        var stream = await context.GetSendEndpoint(request.StreamAddress);
        await stream.Send(new GenerationRejected(request.GenerationId, GenerationRejectionCodes.DeadlineExceeded,
            "The request's deadline passed before its prompt was built."));
        return true;
    }

    /// <summary>Sends <paramref name="request"/>'s built prompt to its model's queue.</summary>
    /// <param name="stop">The stop sequences the prompt needs (the template's and the request's).</param>
    public static async Task ForwardToModelAsync(
        this ConsumeContext context, IGenerationRequest request, string prompt, IReadOnlyList<string> stop, GenerationPriority priority)
    {
        await context.SendGenerateAsync(Generate(request, prompt, stop, priority), context.CancellationToken);
    }

    /// <summary>The one place a <see cref="Contracts.Generation.Generate"/> is built.</summary>
    internal static Generate Generate(IGenerationRequest request, string prompt, IReadOnlyList<string> stop, GenerationPriority priority) => new()
    {
        GenerationId = request.GenerationId,
        TenantId = request.TenantId,
        ApiKeyId = request.ApiKeyId,
        Model = request.Model,
        Prompt = prompt,
        Sampling = request.Sampling with { Stop = stop },
        Priority = priority,
        PriorityBoost = request.PriorityBoost,
        StreamAddress = request.StreamAddress,
        StreamDeltas = request.StreamDeltas,
        Deadline = request.Deadline,
        AcceptedAt = request.AcceptedAt,
        Endpoint = request.Endpoint,
    };
}

using MassTransit;
using Platform.Contracts.Generation;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// The last step of every prompt-building service (completion, chat): drop a request whose deadline has passed,
/// telling its gateway why, else hand the built prompt to the model's queue.
/// </summary>
public static class GenerationForwarding
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

    public static async Task SendToModelAsync(this ConsumeContext context, Generate generate)
    {
        var modelQueue = await context.GetSendEndpoint(ModelQueues.Address(generate.Model));
        await modelQueue.SendTransient(generate, context.CancellationToken);
    }
}

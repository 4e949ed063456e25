using System.Text;
using MassTransit;
using Platform.Contracts.Generation;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Each model has its own queue, <c>model-{name}</c>: workers serving the model consume it, and its depth is the
/// backlog KEDA scales that model's workers on. The queue is a RabbitMQ priority queue (<c>x-max-priority</c>), declared
/// by the workers; senders send to the model's exchange and never declare the queue, because a declaration with other
/// arguments than the existing queue's is refused by the broker.
/// </summary>
public static class ModelQueues
{
    /// <summary>The queue's <c>x-max-priority</c>: levels 0 (chat) to 3 (completion raised by its plan).</summary>
    public const byte MaxPriority = 3;

    /// <summary>Most levels a plan may raise its tenant's requests within their class.</summary>
    public const int MaxPriorityBoost = 1;

    public static string EndpointName(string model)
    {
        var name = new StringBuilder("model-", model.Length + 6);
        foreach (var character in model.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(character) || character == '-' ? character : '-');
        }

        return name.ToString();
    }

    /// <summary>Where senders send <see cref="Generate"/>: the exchange bound to the model's queue.</summary>
    public static Uri Address(string model) => new($"exchange:{EndpointName(model)}");

    /// <summary>
    /// The broker priority of a generation (higher is delivered first): completion above chat, and a plan's boost
    /// above others of the same class, never above the next class.
    /// </summary>
    public static byte MessagePriority(GenerationPriority priority, int boost)
    {
        var classBase = priority == GenerationPriority.Completion ? MaxPriorityBoost + 1 : 0;
        return (byte)(classBase + Math.Clamp(boost, 0, MaxPriorityBoost));
    }

    /// <summary>The same order as the engine's scheduling priority, where lower runs first.</summary>
    public static int SchedulingPriority(GenerationPriority priority, int boost) => MaxPriority - MessagePriority(priority, boost);

    /// <summary>Declares a model queue as a priority queue (on RabbitMQ; other transports keep arrival order).</summary>
    public static void ConfigureModelQueue(IReceiveEndpointConfigurator endpoint)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitMq)
        {
            rabbitMq.EnablePriority(MaxPriority);
        }
    }

    /// <summary>Sends a generation to its model's queue at its priority, as a transient message (see <see cref="TransientSend"/>).</summary>
    public static async Task SendGenerateAsync(this ISendEndpointProvider endpoints, Generate generate, CancellationToken cancellationToken = default)
    {
        var queue = await endpoints.GetSendEndpoint(Address(generate.Model));
        var priority = MessagePriority(generate.Priority, generate.PriorityBoost);
        await queue.Send(generate, context =>
        {
            context.Durable = false;
            context.TrySetPriority(priority);
        }, cancellationToken);
    }
}

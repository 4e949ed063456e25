using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Streaming;
using Platform.IntegrationTests.Infrastructure;
using Platform.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Platform.IntegrationTests.Messaging;

/// <summary>The model queue a probe stands in for a worker on, and the order it received generations in.</summary>
public sealed class ModelQueueProbe(string model)
{
    public string Model { get; } = model;

    public ConcurrentQueue<Generate> Received { get; } = new();
}

public sealed class ModelQueueProbeConsumer(ModelQueueProbe probe) : IConsumer<Generate>
{
    public Task Consume(ConsumeContext<Generate> context)
    {
        probe.Received.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>Declares the probe's queue exactly as a worker declares its model queue, taking one message at a time.</summary>
public sealed class ModelQueueProbeConsumerDefinition : ConsumerDefinition<ModelQueueProbeConsumer>
{
    public ModelQueueProbeConsumerDefinition(ModelQueueProbe probe) =>
        Endpoint(endpoint =>
        {
            endpoint.Name = ModelQueues.EndpointName(probe.Model);
            endpoint.PrefetchCount = 1;
            endpoint.ConcurrentMessageLimit = 1;
        });

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ModelQueueProbeConsumer> consumerConfigurator, IRegistrationContext context) =>
        ModelQueues.ConfigureModelQueue(endpointConfigurator);
}

/// <summary>RabbitMQ delivers a model queue's generations by priority: completion before the chat queued ahead of it.</summary>
public sealed class ModelQueuePriorityTests : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private readonly ModelQueueProbe _probe = new($"priority-{Guid.NewGuid():N}");

    public Task InitializeAsync() => _servers.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_servers.RabbitMq.Length > 0)
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(_servers.RabbitMq) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(ModelQueues.EndpointName(_probe.Model));
            await channel.ExchangeDeleteAsync(ModelQueues.EndpointName(_probe.Model));
        }

        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task A_completion_sent_behind_50_queued_chat_requests_is_consumed_first()
    {
        // A worker's first start declares the queue; it then stops, so what is sent next waits in the queue.
        var worker = await StartProbeWorkerAsync();
        await StopAsync(worker);

        var sender = await TestHost.StartAsync("prompting", Settings(), _ => { });
        try
        {
            var bus = sender.Services.GetRequiredService<IBus>();
            for (var i = 0; i < 50; i++)
            {
                await bus.SendGenerateAsync(Command($"chat-{i}", GenerationPriority.Chat, boost: i % 2));
            }

            await bus.SendGenerateAsync(Command("completion", GenerationPriority.Completion, boost: 0));
        }
        finally
        {
            await StopAsync(sender);
        }

        worker = await StartProbeWorkerAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (_probe.Received.Count < 51 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            await StopAsync(worker);
        }

        var order = _probe.Received.Select(g => g.Prompt).ToList();
        Assert.Equal(51, order.Count);
        Assert.Equal("completion", order[0]);
        // Within chat, the plan-boosted requests (odd ones) come before the others, each group in sending order.
        Assert.Equal([.. Enumerable.Range(0, 50).Where(i => i % 2 == 1).Select(i => $"chat-{i}")], order[1..26]);
        Assert.Equal([.. Enumerable.Range(0, 50).Where(i => i % 2 == 0).Select(i => $"chat-{i}")], order[26..]);
    }

    [Fact]
    public void The_gateway_puts_the_plans_priority_boost_on_the_commands_it_sends()
    {
        var ticket = new GenerationTicket(Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1),
            new Uri("queue:gateway"), new CallerIdentity("acme", "key", []), _probe.Model, new SamplingSettings { MaxTokens = 4 },
            StreamDeltas: true, Endpoint: "/v1/completions", PriorityBoost: 1);

        Assert.Equal(1, GenerationCommands.CompleteCode(ticket, new CodeSegments("def f(", null)).PriorityBoost);
        Assert.Equal(1, GenerationCommands.CompleteChat(ticket, []).PriorityBoost);
    }

    private Task<WebApplication> StartProbeWorkerAsync() =>
        TestHost.StartAsync("probe-worker", Settings(), builder =>
        {
            builder.Services.AddSingleton(_probe);
            builder.AddBusParticipant(bus => bus.AddConsumer<ModelQueueProbeConsumer, ModelQueueProbeConsumerDefinition>());
        });

    private Dictionary<string, string?> Settings() => new() { ["ConnectionStrings:rabbitmq"] = _servers.RabbitMq };

    private Generate Command(string prompt, GenerationPriority priority, int boost) => new()
    {
        GenerationId = Guid.NewGuid(),
        TenantId = "tenant",
        Model = _probe.Model,
        Prompt = prompt,
        Sampling = new SamplingSettings { MaxTokens = 1 },
        Priority = priority,
        PriorityBoost = boost,
        StreamAddress = new Uri("queue:nobody-listens"),
        Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
        AcceptedAt = DateTimeOffset.UtcNow,
    };

    private static async Task StopAsync(WebApplication host)
    {
        await host.StopAsync();
        await host.DisposeAsync();
    }
}

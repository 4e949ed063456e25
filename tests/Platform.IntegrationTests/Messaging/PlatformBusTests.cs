using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.IntegrationTests.Infrastructure;
using Platform.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Platform.IntegrationTests.Messaging;

public sealed record WireProbe(string Text);

/// <summary>What the probe consumer received.</summary>
public sealed class WireProbeInbox
{
    public TaskCompletionSource<WireProbe> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class WireProbeConsumer(WireProbeInbox inbox) : IConsumer<WireProbe>
{
    public Task Consume(ConsumeContext<WireProbe> context)
    {
        inbox.Received.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>How messages look on RabbitMQ (read and written with the plain RabbitMQ client), and which bus confirms them.</summary>
public sealed class PlatformBusTests : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private readonly string _queue = $"wire-probe-{Guid.NewGuid():N}";
    private readonly WireProbeInbox _inbox = new();
    private WebApplication? _host;
    private IConnection? _rabbitMq;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _host = await TestHost.StartAsync("wire-probe", new Dictionary<string, string?> { ["ConnectionStrings:rabbitmq"] = _servers.RabbitMq }, builder =>
        {
            builder.Services.AddSingleton(_inbox);
            builder.AddConfirmedPublishing();
            builder.AddBusParticipant(bus => bus.AddConsumer<WireProbeConsumer>().Endpoint(endpoint =>
            {
                endpoint.Name = _queue;
                endpoint.Temporary = true;
            }));
        });
        _rabbitMq = await new ConnectionFactory { Uri = new Uri(_servers.RabbitMq) }.CreateConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        if (_rabbitMq is not null)
        {
            await _rabbitMq.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task A_message_travels_as_plain_json_with_its_type_and_id_in_headers()
    {
        var queue = $"{_queue}-raw";
        await using var channel = await _rabbitMq!.CreateChannelAsync();
        var bus = _host!.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));

        // MassTransit declares the queue (with an exchange of the same name) and nobody consumes it: it is read here.
        await endpoint.Send(new WireProbe("plain")).WaitAsync(TimeSpan.FromSeconds(10));

        BasicGetResult? delivery = null;
        for (var attempt = 0; attempt < 50 && delivery is null; attempt++)
        {
            delivery = await channel.BasicGetAsync(queue, autoAck: true);
            if (delivery is null)
            {
                await Task.Delay(50);
            }
        }

        await channel.QueueDeleteAsync(queue);
        await channel.ExchangeDeleteAsync(queue);
        Assert.NotNull(delivery);
        Assert.Equal("application/json", delivery.BasicProperties.ContentType);
        var headers = delivery.BasicProperties.Headers!;
        Assert.Contains("urn:message:Platform.IntegrationTests.Messaging:WireProbe", Encoding.UTF8.GetString((byte[])headers["MT-MessageType"]!));
        Assert.True(Guid.TryParse(Encoding.UTF8.GetString((byte[])headers["MessageId"]!), out _));
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal("plain", body.RootElement.GetProperty("text").GetString());
        Assert.False(body.RootElement.TryGetProperty("message", out _), "no envelope around the message");
    }

    [Fact]
    public async Task A_confirmed_publish_goes_through_its_own_bus_and_reaches_the_platform_bus_consumers()
    {
        var publisher = _host!.Services.GetRequiredService<IConfirmedPublisher>();
        Assert.Same(_host.Services.GetRequiredService<IConfirmedBus>(), Assert.IsType<BusPublisher>(publisher).Bus);

        await publisher.PublishAsync(new WireProbe("confirmed")).WaitAsync(TimeSpan.FromSeconds(10));

        var received = await _inbox.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("confirmed", received.Text);
    }

    [Fact]
    public async Task An_enveloped_message_from_an_older_sender_is_still_consumed()
    {
        await using var channel = await _rabbitMq!.CreateChannelAsync();
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { "urn:message:Platform.IntegrationTests.Messaging:WireProbe" },
            message = new { text = "enveloped" },
        });

        await channel.BasicPublishAsync("", _queue, mandatory: true,
            new BasicProperties { ContentType = "application/vnd.masstransit+json" }, envelope);

        var received = await _inbox.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("enveloped", received.Text);
    }
}

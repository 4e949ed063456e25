using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Benchmarks;

/// <summary>
/// The bus framework's share: the same three hops as <see cref="BusFloor"/>, through the same RabbitMQ, but between
/// three hosts configured as the platform's are (service defaults, <c>AddPlatformBus</c>: plain JSON, no publisher
/// confirms, non-persistent sends), each with one MassTransit consumer that sends the message on. No HTTP, no gateway
/// logic, no Redis or database. The platform's overhead above this is its own code, HTTP and limits; this above the
/// bare floor is MassTransit.
/// </summary>
internal sealed class MassTransitFloor : IAsyncDisposable
{
    private static readonly string Body = new('x', 480); // with the index and JSON, about the bare floor's 512 bytes
    private readonly List<WebApplication> _hosts = [];
    private readonly FloorLoad _load = new(["to_completion", "to_worker", "back_to_gateway"]);
    private ISendEndpoint _first = null!;

    public static async Task<IReadOnlyList<BusFloorResult>> MeasureAsync(string rabbitMq, IReadOnlyList<int> rates, TimeSpan perRate)
    {
        await using var floor = new MassTransitFloor();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:rabbitmq"] = rabbitMq };
        await floor.StartHostAsync("floor-completion", settings, bus => bus.AddConsumer<CompletionRelayConsumer>());
        await floor.StartHostAsync("floor-worker", settings, bus => bus.AddConsumer<WorkerRelayConsumer>());
        var gateway = await floor.StartHostAsync("floor-gateway", settings, bus => bus.AddConsumer<FloorRepliesConsumer>());
        floor._first = await gateway.Services.GetRequiredService<IBus>().GetSendEndpoint(CompletionRelayConsumer.Queue);
        return await FloorLoad.MeasureAsync("masstransit", rates, perRate, floor.RunAsync);
    }

    private async Task<WebApplication> StartHostAsync(string name, Dictionary<string, string?> settings, Action<IBusRegistrationConfigurator> consumer)
    {
        var host = await BenchmarkHost.StartAsync(name, settings, new BusHopTimes(), builder =>
        {
            builder.Services.AddSingleton(_load);
            builder.AddBusParticipant(consumer);
        });
        _hosts.Add(host);
        return host;
    }

    private Task<BusFloorResult> RunAsync(int rate, TimeSpan duration) =>
        _load.RunAsync(rate, duration, index => _first.SendTransient(new FloorToCompletion(index, Body)).GetAwaiter().GetResult());

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }
}

public sealed record FloorToCompletion(int Index, string Body);

public sealed record FloorToWorker(int Index, string Body);

public sealed record FloorBack(int Index, string Body);

internal sealed class CompletionRelayConsumer(FloorLoad load) : IConsumer<FloorToCompletion>
{
    public static readonly Uri Queue = new("queue:completion-relay");

    public async Task Consume(ConsumeContext<FloorToCompletion> context)
    {
        load.Arrived(1, context.Message.Index);
        var next = await context.GetSendEndpoint(WorkerRelayConsumer.Queue);
        await next.SendTransient(new FloorToWorker(context.Message.Index, context.Message.Body), context.CancellationToken);
    }
}

internal sealed class WorkerRelayConsumer(FloorLoad load) : IConsumer<FloorToWorker>
{
    public static readonly Uri Queue = new("queue:worker-relay");

    public async Task Consume(ConsumeContext<FloorToWorker> context)
    {
        load.Arrived(2, context.Message.Index);
        var next = await context.GetSendEndpoint(FloorRepliesConsumer.Queue);
        await next.SendTransient(new FloorBack(context.Message.Index, context.Message.Body), context.CancellationToken);
    }
}

internal sealed class FloorRepliesConsumer(FloorLoad load) : IConsumer<FloorBack>
{
    public static readonly Uri Queue = new("queue:floor-replies");

    public Task Consume(ConsumeContext<FloorBack> context)
    {
        load.Arrived(3, context.Message.Index);
        return Task.CompletedTask;
    }
}

using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Generation;
using Platform.ModelWorker.Metering;
using Platform.ServiceDefaults.Messaging;

namespace Platform.IntegrationTests.Worker;

/// <summary>The worker's usage group commit, over MassTransit's in-memory transport.</summary>
public sealed class UsagePublisherTests
{
    [Fact]
    public async Task Generations_finishing_together_share_a_message_and_each_is_published_exactly_once()
    {
        await using var bus = await HarnessBus.StartAsync();
        var (harness, publisher) = (bus.Harness, bus.Publisher);

        var generations = Enumerable.Range(0, 200).Select(_ => Completed(NewId.NextGuid())).ToList();
        await Task.WhenAll(generations.Select(publisher.RecordAsync)).WaitAsync(TimeSpan.FromSeconds(10));

        var messages = harness.Published.Select<GenerationUsageRecorded>().Select(message => message.Context.Message).ToList();
        var published = messages.SelectMany(message => message.Generations).Select(completed => completed.GenerationId).ToList();
        Assert.Equal(generations.Select(completed => completed.GenerationId).Order(), published.Order());
        Assert.InRange(messages.Count, 2, 20); // 200 at once: grouped, and no group over MaxGroup
        Assert.All(messages, message => Assert.InRange(message.Generations.Count, 1, UsagePublisher.MaxGroup));

        await publisher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Usage_recorded_while_the_worker_stops_is_still_published()
    {
        await using var bus = await HarnessBus.StartAsync();
        var (harness, publisher) = (bus.Harness, bus.Publisher);

        var last = Completed(NewId.NextGuid());
        var recorded = publisher.RecordAsync(last);
        await publisher.StopAsync(CancellationToken.None);
        await recorded.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(harness.Published.Select<GenerationUsageRecorded>(),
            message => message.Context.Message.Generations.Any(completed => completed.GenerationId == last.GenerationId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.RecordAsync(Completed(NewId.NextGuid())));
    }

    private static GenerationUsage Completed(Guid generationId) => new()
    {
        GenerationId = generationId,
        TenantId = "tenant",
        ApiKeyId = "key",
        Model = "tiny-coder",
        Endpoint = "/v1/completions",
        PromptTokens = 5,
        CompletionTokens = 3,
        WorkerTime = TimeSpan.FromMilliseconds(4),
        Outcome = "stop",
        CompletedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A started in-memory bus with a started <see cref="UsagePublisher"/> on it.</summary>
    private sealed class HarnessBus(ServiceProvider provider) : IAsyncDisposable
    {
        public ITestHarness Harness { get; } = provider.GetRequiredService<ITestHarness>();

        public UsagePublisher Publisher { get; } = provider.GetRequiredService<UsagePublisher>();

        public static async Task<HarnessBus> StartAsync()
        {
            var bus = new HarnessBus(new ServiceCollection()
                .AddSingleton<UsagePublisher>()
                .AddSingleton<IConfirmedPublisher>(services => new BusPublisher(services.GetRequiredService<IBus>()))
                .AddMassTransitTestHarness()
                .BuildServiceProvider(validateScopes: true));
            await bus.Harness.Start();
            await bus.Publisher.StartAsync(CancellationToken.None);
            return bus;
        }

        public async ValueTask DisposeAsync()
        {
            await Harness.Stop();
            await provider.DisposeAsync();
        }
    }
}

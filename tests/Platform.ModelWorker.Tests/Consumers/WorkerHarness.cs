using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Contracts.Generation;
using Platform.ModelWorker.Consumers;
using Platform.ModelWorker.Metering;
using Platform.ModelWorker.Models;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Tests.Consumers;

/// <summary>
/// The worker's <see cref="GenerateConsumer"/> on MassTransit's in-memory test harness, with its model loaded through
/// the given loader and its usage published to a list.
/// </summary>
internal sealed class WorkerHarness(ServiceProvider provider) : IAsyncDisposable
{
    public static readonly Uri StreamAddress = new("queue:gateway-stream");

    public ITestHarness Harness { get; } = provider.GetRequiredService<ITestHarness>();

    public RecordingPublisher Usage { get; } = (RecordingPublisher)provider.GetRequiredService<IConfirmedPublisher>();

    public GenerationLeases Leases { get; } = provider.GetRequiredService<GenerationLeases>();

    public static async Task<WorkerHarness> StartAsync(ITextGeneratorLoader loader, string modelDirectory)
    {
        var options = new ModelWorkerOptions { ModelDirectory = modelDirectory, CreateTinyModelIfMissing = false };
        var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(options))
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(loader)
            .AddSingleton<LoadedModel>()
            .AddSingleton<GenerationCancellations>()
            .AddSingleton<GenerationLeases>()
            .AddSingleton<UsagePublisher>()
            .AddSingleton<IConfirmedPublisher, RecordingPublisher>()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<GenerateConsumer>())
            // The harness answers "not consumed" once the bus has been idle this long; on a busy machine the first
            // publish alone (serializer warm-up) can take over a second.
            .Configure<TestHarnessOptions>(harness => harness.TestInactivityTimeout = TimeSpan.FromSeconds(3))
            .BuildServiceProvider(validateScopes: true);
        var harness = new WorkerHarness(provider);
        await provider.GetRequiredService<LoadedModel>().StartAsync(CancellationToken.None);
        await provider.GetRequiredService<UsagePublisher>().StartAsync(CancellationToken.None);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>Publishes the command and waits until the consumer has handled it.</summary>
    public async Task ConsumeAsync(Generate command)
    {
        await Harness.Bus.Publish(command);
        Assert.True(await Harness.GetConsumerHarness<GenerateConsumer>().Consumed.Any<Generate>(
            message => message.Context.Message.GenerationId == command.GenerationId));
    }

    public static Generate Command(string prompt, SamplingSettings sampling) => new()
    {
        GenerationId = NewId.NextGuid(),
        TenantId = "tenant-a",
        ApiKeyId = "key-1",
        Model = "tiny-coder",
        Prompt = prompt,
        Sampling = sampling,
        Priority = GenerationPriority.Chat,
        StreamAddress = StreamAddress,
        Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
        AcceptedAt = DateTimeOffset.UtcNow,
        Endpoint = "/v1/completions",
    };

    public async ValueTask DisposeAsync()
    {
        await provider.GetRequiredService<UsagePublisher>().StopAsync(CancellationToken.None);
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}

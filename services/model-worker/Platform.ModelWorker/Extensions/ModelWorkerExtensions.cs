using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.ModelWorker.Consumers;
using Platform.ModelWorker.Metering;
using Platform.ModelWorker.Models;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Extensions;

public static class ModelWorkerExtensions
{
    /// <summary>
    /// A worker for one model: consumes <c>model-{name}</c>, taking only as many generations as it can run at once,
    /// and hears cancels on its own temporary endpoint.
    /// </summary>
    public static IHostApplicationBuilder AddModelWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelWorkerOptions>()
            .BindConfiguration(ModelWorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ITextGeneratorLoader, EngineTextGeneratorLoader>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<ModelLoadMetrics>();
        builder.Services.AddSingleton<LoadedModel>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LoadedModel>());
        builder.Services.AddHealthChecks().AddCheck<LoadedModel>("model", tags: [HealthExtensions.ReadyTag]);
        builder.Services.AddSingleton<GenerationCancellations>();
        builder.Services.AddSingleton<UsagePublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<UsagePublisher>());
        builder.AddConfirmedPublishing();

        builder.AddBusParticipant(bus =>
        {
            bus.AddConsumer<GenerateConsumer, GenerateConsumerDefinition>();
            bus.AddConsumer<CancelGenerationConsumer, CancelGenerationConsumerDefinition>();
        });
        return builder;
    }
}

using Microsoft.Extensions.Configuration;
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

        // Endpoint shape is fixed at registration, so these settings are read now rather than through IOptions.
        var settings = builder.Configuration.GetSection(ModelWorkerOptions.Section).Get<ModelWorkerOptions>() ?? new ModelWorkerOptions();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ITextGeneratorLoader, EngineTextGeneratorLoader>();
        builder.Services.AddSingleton<LoadedModel>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LoadedModel>());
        builder.Services.AddHealthChecks().AddCheck<LoadedModel>("model", tags: [HealthExtensions.ReadyTag]);
        builder.Services.AddSingleton<GenerationCancellations>();
        builder.Services.AddSingleton<UsagePublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<UsagePublisher>());
        builder.AddConfirmedPublishing();

        builder.AddBusParticipant(bus =>
        {
            bus.AddConsumer<GenerateConsumer>().Endpoint(endpoint =>
            {
                endpoint.Name = ModelQueues.EndpointName(settings.Model);
                // The worker takes only what it can run now; everything else stays in the queue, where KEDA sees it.
                endpoint.ConcurrentMessageLimit = settings.ConcurrencyLimit;
                endpoint.PrefetchCount = settings.ConcurrencyLimit;
            });
            bus.AddConsumer<CancelGenerationConsumer>().Endpoint(endpoint =>
            {
                endpoint.InstanceId = Guid.NewGuid().ToString("N")[..12];
                endpoint.Temporary = true;
            });
        });
        return builder;
    }
}

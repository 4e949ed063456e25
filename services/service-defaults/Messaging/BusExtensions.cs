using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Health;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// One MassTransit bus per process, composed from every service library the host adds. Services contribute their
/// consumers with <see cref="AddBusParticipant"/>; the host calls <see cref="AddPlatformBus"/> once, last.
/// RabbitMQ when <c>ConnectionStrings:rabbitmq</c> is set, the in-memory transport otherwise. On RabbitMQ, messages
/// travel as plain JSON (<c>application/json</c>) with MassTransit's ids and message type in headers, and sends are
/// not confirmed: events that must not be lost go through <see cref="IConfirmedPublisher"/>.
/// </summary>
public static class BusExtensions
{
    private const string ConfirmedPublishingKey = "Platform.ConfirmedPublishing";

    public static IHostApplicationBuilder AddBusParticipant(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> configure)
    {
        Composition(builder).Add(configure);
        return builder;
    }

    /// <summary>Makes <see cref="IConfirmedPublisher"/> available, for a service that publishes events that must not be lost.</summary>
    public static IHostApplicationBuilder AddConfirmedPublishing(this IHostApplicationBuilder builder)
    {
        builder.Properties[ConfirmedPublishingKey] = true;
        return builder;
    }

    public static IHostApplicationBuilder AddPlatformBus(this IHostApplicationBuilder builder)
    {
        var participants = Composition(builder);
        var confirmedPublishing = builder.Properties.ContainsKey(ConfirmedPublishingKey);
        var rabbitMq = builder.Configuration.GetConnectionString("rabbitmq");
        var address = string.IsNullOrWhiteSpace(rabbitMq) ? null : RabbitMqAddress.Parse(rabbitMq);

        builder.Services.AddMassTransit(bus =>
        {
            // No calls home: MassTransit otherwise reports usage to usage-tracking.masstransit.io at start.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.ConfigureHealthCheckOptions(health => ReadyCheck(health, "bus"));
            foreach (var participant in participants)
            {
                participant(bus);
            }

            if (address is null)
            {
                bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
            }
            else
            {
                bus.UsingRabbitMq((context, transport) =>
                {
                    UseBroker(transport, address, publisherConfirmation: false);
                    transport.ConfigureEndpoints(context);
                });
            }
        });
        if (confirmedPublishing && address is not null)
        {
            builder.Services.AddMassTransit<IConfirmedBus>(bus =>
            {
                bus.DisableUsageTelemetry();
                bus.ConfigureHealthCheckOptions(health => ReadyCheck(health, "bus-confirmed"));
                bus.UsingRabbitMq((_, transport) => UseBroker(transport, address, publisherConfirmation: true));
            });
            builder.Services.AddSingleton<IConfirmedPublisher>(services => new BusPublisher(services.GetRequiredService<IConfirmedBus>()));
        }
        else if (confirmedPublishing)
        {
            builder.Services.AddSingleton<IConfirmedPublisher>(services => new BusPublisher(services.GetRequiredService<IBus>()));
        }

        // On stop, consumers (a worker's generations) may finish within the host's shutdown timeout
        // (shutdownTimeoutSeconds, sized by Helm and compose to the grace period) less a margin to hand back what is
        // left: their ConsumeContext is cancelled then, and an unfinished command goes back to the queue.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<HostOptions>>((options, host) =>
        {
            var shutdown = host.Value.ShutdownTimeout;
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(30);
            options.ConsumerStopTimeout = shutdown > TimeSpan.FromSeconds(8) ? shutdown - TimeSpan.FromSeconds(5) : shutdown / 2;
            options.StopTimeout = shutdown > TimeSpan.FromSeconds(4) ? shutdown - TimeSpan.FromSeconds(2) : shutdown;
        });
        return builder;
    }

    private static void UseBroker(IRabbitMqBusFactoryConfigurator transport, RabbitMqAddress address, bool publisherConfirmation)
    {
        transport.Host(address.Host, address.Port, address.VirtualHost, host =>
        {
            host.Username(address.Username);
            host.Password(address.Password);
            host.PublisherConfirmation = publisherConfirmation;
        });

        // Messages go as plain JSON, their ids and type in transport headers, instead of inside a JSON envelope:
        // receiving an envelope means parsing it into a document and the message again out of that.
        // Enveloped messages (from an older sender) are still read.
        transport.UseRawJsonSerializer(RawSerializerOptions.Default, isDefault: true);
    }

    private static void ReadyCheck(IHealthCheckOptionsConfigurator health, string name)
    {
        health.Name = name;
        health.Tags.Add(HealthExtensions.ReadyTag);
    }

    private static List<Action<IBusRegistrationConfigurator>> Composition(IHostApplicationBuilder builder)
    {
        const string key = "Platform.BusParticipants";
        if (builder.Properties.TryGetValue(key, out var existing))
        {
            return (List<Action<IBusRegistrationConfigurator>>)existing;
        }

        var created = new List<Action<IBusRegistrationConfigurator>>();
        builder.Properties[key] = created;
        return created;
    }
}

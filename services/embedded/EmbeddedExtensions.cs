using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Platform.ServiceDefaults;

namespace Platform.Embedded;

public static class EmbeddedExtensions
{
    /// <summary>
    /// The embedded topology keeps everything local: no connection strings are honoured, so the bus is in-memory
    /// and the store is SQLite in the data directory, whatever the environment says.
    /// </summary>
    public static WebApplicationBuilder AddEmbeddedDefaults(this WebApplicationBuilder builder)
    {
        builder.Configuration["ConnectionStrings:rabbitmq"] = "";
        builder.Configuration["ConnectionStrings:postgres"] = "";
        builder.Configuration["ConnectionStrings:redis"] = "";
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }

        return builder;
    }

    /// <summary>Tells the person who just ran the platform where it listens and where its data lives.</summary>
    public static WebApplication PrintWelcomeOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine();
            Console.WriteLine($"  Platform (embedded) is running at {string.Join(", ", addresses)}");
            Console.WriteLine($"  Data directory: {PlatformDataDirectory.Resolve(app.Configuration)}");
            Console.WriteLine($"  Try: curl {addresses.FirstOrDefault() ?? "http://127.0.0.1:8080"}/v1/completions -H \"Authorization: Bearer $KEY\" \\");
            Console.WriteLine("         -H 'Content-Type: application/json' -d '{\"prompt\": \"def fib(n):\", \"max_tokens\": 16}'");
            Console.WriteLine();
        });
        return app;
    }
}

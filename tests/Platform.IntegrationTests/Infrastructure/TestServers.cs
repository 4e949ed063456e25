using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// The real PostgreSQL, Redis and RabbitMQ the integration tests run against: the servers named by
/// <c>PLATFORM_TEST_POSTGRES</c>, <c>PLATFORM_TEST_REDIS</c> and <c>PLATFORM_TEST_RABBITMQ</c> (started by
/// <c>infra/local-servers.sh</c>), else containers when Docker answers.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private const string HowToStart =
        "Integration tests need PostgreSQL, Redis and RabbitMQ. Run them through infra/run-tests.sh, or start the servers " +
        "with: eval \"$(infra/local-servers.sh start)\" (which sets PLATFORM_TEST_POSTGRES, PLATFORM_TEST_REDIS and " +
        "PLATFORM_TEST_RABBITMQ), or make a Docker engine available for Testcontainers.";

    private readonly List<IContainer> _containers = [];

    public string Postgres { get; private set; } = "";
    public string Redis { get; private set; } = "";
    public string RabbitMq { get; private set; } = "";

    /// <summary>A connection string for a database of its own on the shared server (created on first use).</summary>
    public string PostgresDatabase(string name) => $"{Postgres.TrimEnd(';')};Database={name}";

    public async Task InitializeAsync()
    {
        Postgres = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES") ?? "";
        Redis = Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS") ?? "";
        RabbitMq = Environment.GetEnvironmentVariable("PLATFORM_TEST_RABBITMQ") ?? "";
        if (Postgres.Length > 0 && Redis.Length > 0 && RabbitMq.Length > 0)
        {
            Postgres = WithoutDatabase(Postgres);
            return;
        }

        try
        {
            var postgres = new PostgreSqlBuilder("postgres:16-alpine").Build();
            var redis = new RedisBuilder("redis:7-alpine").Build();
            var rabbitMq = new RabbitMqBuilder("rabbitmq:3.13-management-alpine").Build();
            _containers.AddRange([postgres, redis, rabbitMq]);
            await Task.WhenAll(_containers.Select(container => container.StartAsync()));
            Postgres = WithoutDatabase(postgres.GetConnectionString());
            Redis = redis.GetConnectionString();
            RabbitMq = rabbitMq.GetConnectionString();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{HowToStart} (Testcontainers: {exception.Message})", exception);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }
    }

    private static string WithoutDatabase(string connectionString) => string.Join(';',
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.TrimStart().StartsWith("Database=", StringComparison.OrdinalIgnoreCase)));
}

namespace Platform.Gateway.Benchmarks;

/// <summary>The real PostgreSQL, Redis and RabbitMQ on loopback, as <c>infra/local-servers.sh start</c> exports them.</summary>
internal sealed record BenchmarkServers(string Postgres, string Redis, string RabbitMq)
{
    public static BenchmarkServers FromEnvironment()
    {
        string Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Start the servers in the same shell first: " +
                "eval \"$(PLATFORM_SERVERS_DIR=/tmp/bench-servers infra/local-servers.sh start)\"");

        return new BenchmarkServers(Read("PLATFORM_TEST_POSTGRES"), Read("PLATFORM_TEST_REDIS"), Read("PLATFORM_TEST_RABBITMQ"));
    }

    /// <summary>A connection string for a database of its own (the gateway creates it at start-up).</summary>
    public string PostgresDatabase(string name) => string.Join(';',
        Postgres.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.TrimStart().StartsWith("Database=", StringComparison.OrdinalIgnoreCase))
            .Append($"Database={name}"));
}

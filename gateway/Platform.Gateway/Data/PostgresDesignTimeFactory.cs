using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Platform.Gateway.Data;

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGatewayDbContext>
{
    public PostgresGatewayDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresGatewayDbContext>().UseNpgsql("Host=localhost;Database=platform").Options);
}

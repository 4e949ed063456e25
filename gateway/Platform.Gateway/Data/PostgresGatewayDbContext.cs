using Microsoft.EntityFrameworkCore;

namespace Platform.Gateway.Data;

public sealed class PostgresGatewayDbContext(DbContextOptions<PostgresGatewayDbContext> options) : GatewayDbContext(options);

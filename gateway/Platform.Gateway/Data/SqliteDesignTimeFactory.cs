using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Platform.Gateway.Data;

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGatewayDbContext>
{
    public SqliteGatewayDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteGatewayDbContext>().UseSqlite("Data Source=design.db").Options);
}

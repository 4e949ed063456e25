using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Gateway.Metering;

namespace Platform.Gateway.Tests.Metering;

public sealed class UsageMeteringConsumerDefinitionTests
{
    [Fact]
    public void Unreachable_database_is_transient_however_deep_it_is_wrapped()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(UsageMeteringConsumerDefinition.IsTransient(refused));
        Assert.True(UsageMeteringConsumerDefinition.IsTransient(new DbUpdateException("save failed", refused)));
        Assert.True(UsageMeteringConsumerDefinition.IsTransient(new TimeoutException()));
    }

    [Fact]
    public void Data_the_database_refuses_is_not_transient()
    {
        var violation = new PostgresException("value too long", "ERROR", "ERROR", PostgresErrorCodes.StringDataRightTruncation);

        Assert.False(UsageMeteringConsumerDefinition.IsTransient(violation));
        Assert.False(UsageMeteringConsumerDefinition.IsTransient(new InvalidOperationException("bad batch")));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// The retrieval service is sharded by tenant: each replica owns one shard, consumes its own queue and keeps the
/// indexes of the tenants that hash to it. Senders and replicas agree through <c>Retrieval:Shards</c>.
/// </summary>
public static class RetrievalQueues
{
    public const string Name = "retrieval";

    /// <summary>The shard owning <paramref name="tenantId"/>: a jump consistent hash, so growing from n to n+1
    /// shards moves only 1/(n+1) of the tenants.</summary>
    public static int ShardOf(string tenantId, int shards)
    {
        var key = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)), 0);
        long bucket = -1, next = 0;
        while (next < shards)
        {
            bucket = next;
            key = (key * 2862933555777941757UL) + 1;
            next = (long)((bucket + 1) * ((double)(1L << 31) / ((key >> 33) + 1)));
        }

        return (int)bucket;
    }

    public static string EndpointName(int shard, int shards) => shards <= 1 ? Name : $"{Name}-{shard}";

    public static Uri Address(string tenantId, int shards) => new($"queue:{EndpointName(ShardOf(tenantId, shards), shards)}");
}

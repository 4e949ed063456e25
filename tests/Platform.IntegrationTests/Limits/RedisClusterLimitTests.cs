using System.Reflection;
using System.Text;
using Platform.Gateway.Limits;
using Platform.ServiceDefaults;
using Platform.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Platform.IntegrationTests.Limits;

/// <summary>The limit contract on a real three-node Redis Cluster: every script's keys must share one slot.</summary>
public sealed class RedisClusterLimitStoreTests(RedisCluster cluster) : LimitStoreContract, IClassFixture<RedisCluster>, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;
    private ILimitStore? _store;

    internal override ILimitStore Store => _store!;

    public async Task InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
        _store = new RedisLimitStore(RedisConnection.Of(_redis));
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

/// <summary>
/// The keys every Redis call of one request touches, recorded on their way to the real (single) Redis, and the
/// Redis Cluster slot of each: CRC16 (XMODEM) of the key, or of its hash tag, modulo 16384.
/// </summary>
public sealed class RedisLimitKeySlotTests : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_servers.Redis);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await _servers.DisposeAsync();
    }

    [Fact]
    public void Slot_is_crc16_of_the_hash_tag()
    {
        Assert.Equal(0x31C3 % 16384, ClusterSlot("123456789")); // the CRC16/XMODEM check value
        Assert.Equal(12182, ClusterSlot("foo")); // CLUSTER KEYSLOT foo
        Assert.Equal(ClusterSlot("user1000"), ClusterSlot("{user1000}.following"));
        Assert.NotEqual(ClusterSlot("x"), ClusterSlot("{}x")); // an empty tag is no tag: the whole key counts
    }

    [Fact]
    public async Task Every_key_one_request_touches_is_in_one_slot()
    {
        var recorded = new List<RedisKey>();
        var store = new RedisLimitStore(RedisConnection.Of(RecordingRedis.Wrap(_redis!, recorded)));
        var run = Guid.NewGuid().ToString("N");
        var request = new AdmissionRequest($"tenant-{run}", $"key-{run}", Guid.NewGuid().ToString("N"), 10,
            new PlanLimits("p", 100, 10_000, 10, 1_000_000, []));

        var decision = await store.AdmitAsync(request, DateTimeOffset.UtcNow);
        await store.ReleaseAsync(request, decision.TokenWindow, 7);
        await store.AddMonthlyUsageAsync(request.TenantId, DateTimeOffset.UtcNow, 7);

        Assert.True(recorded.Count >= 5, $"Only {recorded.Count} keys recorded.");
        var slots = recorded.Select(key => (Key: (string)key!, Slot: ClusterSlot(key!))).ToList();
        Assert.True(slots.Select(key => key.Slot).Distinct().Count() == 1,
            "Keys in several slots: " + string.Join(", ", slots.Select(key => $"{key.Key} → {key.Slot}")));
    }

    internal static int ClusterSlot(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                key = key[(open + 1)..close];
            }
        }

        ushort crc = 0;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            crc ^= (ushort)(b << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % 16384;
    }
}

/// <summary>Passes every call through to the real connection and database, noting each key argument on the way.</summary>
public class RecordingRedis : DispatchProxy
{
    private object _target = null!;
    private List<RedisKey> _keys = null!;

    public static IConnectionMultiplexer Wrap(IConnectionMultiplexer redis, List<RedisKey> keys) => Create<IConnectionMultiplexer>(redis, keys);

    private static T Create<T>(T target, List<RedisKey> keys) where T : class
    {
        var proxy = Create<T, RecordingRedis>();
        var recording = (RecordingRedis)(object)proxy;
        recording._target = target;
        recording._keys = keys;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        foreach (var argument in args ?? [])
        {
            switch (argument)
            {
                case RedisKey key:
                    lock (_keys) { _keys.Add(key); }
                    break;
                case RedisKey[] keys:
                    lock (_keys) { _keys.AddRange(keys); }
                    break;
            }
        }

        var result = targetMethod!.Invoke(_target, args);
        return result is IDatabase database ? Create(database, _keys) : result;
    }
}

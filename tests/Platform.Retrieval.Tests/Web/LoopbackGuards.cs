using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Platform.Retrieval.Web;

namespace Platform.Retrieval.Tests.Web;

/// <summary>Names the test decides the answers for; a name it does not know does not exist.</summary>
internal sealed class TestResolver(Dictionary<string, Func<IPAddress[]>> names) : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        names.TryGetValue(host, out var answer)
            ? Task.FromResult(answer())
            : throw new SocketException((int)SocketError.HostNotFound);
}

/// <summary>
/// Sees every connection the fetcher opens. Anything outside 127.0.0.0/8 and ::1 is recorded as a violation and
/// stopped before the socket exists, so no test ever sends a packet off the machine.
/// </summary>
internal sealed class ConnectGuard : IConnectObserver
{
    public ConcurrentQueue<IPAddress> Attempts { get; } = new();
    public ConcurrentQueue<IPAddress> Violations { get; } = new();

    public void Connecting(IPAddress address, int port)
    {
        Attempts.Enqueue(address);
        if (!IPAddress.IsLoopback(address) || address.IsIPv4MappedToIPv6)
        {
            Violations.Enqueue(address);
            throw new InvalidOperationException($"The test tried to connect to {address}:{port}.");
        }
    }
}

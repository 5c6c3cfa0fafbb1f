using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FlipFlow.Infrastructure.Fetching;

namespace FlipFlow.Tests.Support;

/// <summary>
/// Names resolve to what the test says; every connection the fetcher opens, whatever its address, reaches this machine on
/// the same port. It records the addresses the fetcher chose to connect to. The guarded fetcher's own check runs between
/// the two, unchanged, so a test can give a name a public address without leaving the machine.
/// </summary>
public sealed class TestNetwork : FetchNetwork
{
    private readonly Dictionary<string, IPAddress[]> names = new(StringComparer.OrdinalIgnoreCase);

    public IPAddress[] this[string name]
    {
        set => names[name] = value;
    }

    public ConcurrentQueue<IPAddress> Connected { get; } = new();

    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));

    public override Task<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        Connected.Enqueue(endPoint.Address);
        return base.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endPoint.Port), cancellationToken);
    }
}

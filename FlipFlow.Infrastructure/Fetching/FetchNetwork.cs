using System.Net;
using System.Net.Sockets;

namespace FlipFlow.Infrastructure.Fetching;

/// <summary>
/// How the guarded fetcher looks a host up and opens a connection: the system's DNS and TCP. The check of each
/// address sits between the two, in <see cref="GuardedFetcher"/>, not here; tests stand in a network of their
/// own to give names public addresses without leaving the machine.
/// </summary>
public class FetchNetwork
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);

    public virtual async Task<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

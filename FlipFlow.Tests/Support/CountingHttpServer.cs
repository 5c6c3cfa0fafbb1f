using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlipFlow.Tests.Support;

/// <summary>What <see cref="CountingHttpServer"/> answers one request with.</summary>
/// <param name="Length">The Content-Length sent: the body's own when null, none when negative (the body then ends when the connection closes).</param>
/// <param name="Delay">How long to wait before answering.</param>
public sealed record ScriptedAnswer(int Status, byte[]? Body = null, string? ContentType = null, string? Location = null,
    long? Length = null, TimeSpan Delay = default)
{
    public static ScriptedAnswer Image(byte[] bytes) => new(200, bytes, "image/jpeg");

    public static ScriptedAnswer Redirect(string location, int status = 302) => new(status, Location: location);
}

/// <summary>
/// A bare HTTP/1.1 server on 127.0.0.1 that counts every TCP connection it accepts, so a test can say that none
/// reached it. Each request gets its own connection (Connection: close) and is answered from the test's script
/// by its path.
/// </summary>
public sealed class CountingHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, ScriptedAnswer> answer;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private int connections;

    private CountingHttpServer(Func<string, ScriptedAnswer> answer)
    {
        this.answer = answer;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>How many connections reached the server.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>The paths it was asked for, in order.</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    public static CountingHttpServer Start(Func<string, ScriptedAnswer> answer) => new(answer);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var path = head.Split(' ') is { Length: >= 2 } parts ? parts[1] : "/";
                Paths.Enqueue(path);
                var scripted = answer(path);
                if (scripted.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(scripted.Delay, stopping.Token);
                }
                var body = scripted.Body ?? [];
                var text = new StringBuilder($"HTTP/1.1 {scripted.Status} Scripted\r\nConnection: close\r\n");
                if (scripted.ContentType is not null)
                {
                    text.Append($"Content-Type: {scripted.ContentType}\r\n");
                }
                if (scripted.Location is not null)
                {
                    text.Append($"Location: {scripted.Location}\r\n");
                }
                if ((scripted.Length ?? body.Length) is var length and >= 0)
                {
                    text.Append($"Content-Length: {length}\r\n");
                }
                text.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), stopping.Token);
                await stream.WriteAsync(body, stopping.Token);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // The client went away (a refused body, a timeout): nothing to answer.
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16_384)
        {
            if (await stream.ReadAsync(buffer, stopping.Token) == 0)
            {
                break;
            }
            head.Append((char)buffer[0]);
        }
        return head.ToString();
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Fetching;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Fetching;

/// <summary>
/// The one way FlipFlow's server fetches an address a user gave: a product's images for Etsy, a listing page to import. Its
/// guarantees, each kept in one place:
/// <list type="bullet">
/// <item>only http and https, for the address and every redirect (<see cref="RequireHttp"/>);</item>
/// <item>only public addresses, unless Fetching:AllowPrivateAddresses: judged on the very addresses a
/// connection is opened to, after the name is looked up (<see cref="ConnectAsync"/>), so a name that resolves
/// to a private address, a DNS answer that changes between a check and the connection, and a redirect to an
/// internal host are all caught;</item>
/// <item>redirects followed here, not by the handler, at most Fetching:MaxRedirects of them;</item>
/// <item>at most Fetching:MaxBytes read: a larger Content-Length is refused before the body, and the body is
/// counted as it is read;</item>
/// <item>Fetching:TimeoutSeconds for the whole fetch, redirects and body included;</item>
/// <item>Fetching:UserAgent sent with every request, so a site knows who asks.</item>
/// </list>
/// Its messages name only the addresses the user gave or was redirected to, and of a name that resolves to a
/// non-public address they say no more than that.
/// </summary>
public sealed class GuardedFetcher(HttpClient http, IOptions<FetchingOptions> options)
{
    private const string RefusalTail =
        "FlipFlow does not fetch from private, loopback, link-local or other non-public addresses unless Fetching:AllowPrivateAddresses is true.";

    /// <summary>Fetches <paramref name="address"/> within the configured limits and the caller's <paramref name="limits"/>.</summary>
    /// <exception cref="FetchRefusedException">The address, a redirect, the size or the media type is not allowed.</exception>
    /// <exception cref="FetchException">The server failed, answered an error or took too long.</exception>
    public async Task<FetchedContent> FetchAsync(Uri address, FetchLimits? limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var settings = options.Value;
        var maxBytes = Math.Min(limits?.MaxBytes ?? settings.MaxBytes, settings.MaxBytes);
        var timeout = limits?.Timeout is { } asked && asked < settings.Timeout ? asked : settings.Timeout;
        RequireHttp(address, address);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var current = address;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var response = await SendAsync(address, current, deadline.Token);
                if (RedirectTarget(response, current) is { } next)
                {
                    if (redirects >= settings.MaxRedirects)
                    {
                        throw new FetchRefusedException(
                            $"{Text(address)} redirects more than {settings.MaxRedirects} times; FlipFlow follows at most {settings.MaxRedirects} (Fetching:MaxRedirects).");
                    }
                    RequireHttp(address, next);
                    current = next;
                    continue;
                }
                RequireSuccess(address, current, response);
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                RequireMediaType(address, mediaType, limits?.Accept);
                var bytes = await ReadAsync(address, response, maxBytes, deadline.Token);
                return new FetchedContent(bytes, mediaType, current, FileNameOf(current) ?? FileNameOf(address));
            }
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException(
                $"{Text(address)} could not be fetched within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} seconds (Fetching:TimeoutSeconds).",
                isTransient: true, inner: exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new FetchException($"{Text(address)} could not be fetched: {exception.Message}", isTransient: true, inner: exception);
        }
    }

    /// <summary>Sets up the handler the fetcher's HttpClient sends through: the address check at connect, no automatic redirects.</summary>
    internal static void Configure(SocketsHttpHandler handler, FetchNetwork network, FetchingOptions settings)
    {
        handler.AllowAutoRedirect = false;
        // A proxy would be the address connected to, and the check would judge the proxy, not the target.
        handler.UseProxy = false;
        handler.UseCookies = false;
        // Content-Length and the counted read then measure what is stored, not what a small compressed body expands to.
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, network, settings, cancellationToken);
    }

    /// <summary>
    /// Looks the host up (in Fetching:HostAddresses first), keeps only the addresses it may reach, and connects to the
    /// first that answers. An IP literal is judged as it is. Nothing is connected to when no address is allowed.
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, FetchNetwork network, FetchingOptions settings,
        CancellationToken cancellationToken)
    {
        var allowPrivateAddresses = settings.AllowPrivateAddresses;
        var literal = IPAddress.TryParse(endPoint.Host.TrimStart('[').TrimEnd(']'), out var parsed) ? parsed : null;
        var addresses = literal is not null ? [literal]
            : settings.HostAddresses.TryGetValue(endPoint.Host, out var configured) ? [IPAddress.Parse(configured)]
            : await network.ResolveAsync(endPoint.Host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        var allowed = allowPrivateAddresses ? addresses : addresses.Where(AddressRules.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new AddressRefusedException(literal);
        }
        Exception? failure = null;
        foreach (var candidate in allowed)
        {
            try
            {
                return await network.ConnectAsync(new IPEndPoint(candidate, endPoint.Port), cancellationToken);
            }
            catch (SocketException exception)
            {
                failure = exception;
            }
        }
        throw failure!;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri address, Uri current, CancellationToken cancellationToken)
    {
        // HTTP/1.1 or 2 only: HTTP/3 runs over QUIC, which does not pass through the ConnectCallback and its check.
        using var request = new HttpRequestMessage(HttpMethod.Get, current)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.UserAgent.ParseAdd(options.Value.UserAgent);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception) when (Find<AddressRefusedException>(exception) is { } refusal)
        {
            var where = current == address ? Text(address) : $"{Text(address)} redirects to {current.AbsoluteUri}, which";
            var what = refusal.Literal is { } literal
                ? $"points at {literal}, {AddressRules.Describe(AddressRules.Classify(literal))}"
                : $"names a host ({current.IdnHost}) that resolves only to non-public addresses";
            throw new FetchRefusedException($"{where} {what}; {RefusalTail}");
        }
    }

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri current)
    {
        if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect))
        {
            return null;
        }
        var location = response.Headers.Location
            ?? throw new FetchException($"{current.AbsoluteUri} answered {(int)response.StatusCode}, a redirect, without saying where to.", isTransient: false);
        return location.IsAbsoluteUri ? location : new Uri(current, location);
    }

    private static void RequireHttp(Uri address, Uri target)
    {
        if (target.IsAbsoluteUri && target.Scheme is "http" or "https")
        {
            return;
        }
        throw new FetchRefusedException(target == address
            ? $"{Text(address)} is not an http or https address; FlipFlow fetches only those."
            : $"{Text(address)} redirects to {target.OriginalString}, which is not an http or https address; FlipFlow fetches only those.");
    }

    private static void RequireSuccess(Uri address, Uri current, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var from = current == address ? "its server" : $"{current.AbsoluteUri}, where it redirects,";
        var message = $"{Text(address)} could not be fetched: {from} answered {status}.";
        throw status is 408 or 429 || status >= 500
            ? new FetchException(message, isTransient: true, response.Headers.RetryAfter?.Delta)
            : new FetchException(message, isTransient: false);
    }

    private static void RequireMediaType(Uri address, string? mediaType, FetchedMediaTypes? accept)
    {
        if (accept is null || accept.Allows(mediaType))
        {
            return;
        }
        throw new FetchRefusedException($"{Text(address)} is not {accept.Name}: its server sent {mediaType ?? "no content type"}.");
    }

    private static async Task<byte[]> ReadAsync(Uri address, HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw TooLarge(address, maxBytes);
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var kept = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (kept.Length + read > maxBytes)
            {
                throw TooLarge(address, maxBytes);
            }
            kept.Write(chunk, 0, read);
        }
        return kept.ToArray();
    }

    private static FetchRefusedException TooLarge(Uri address, long maxBytes) =>
        new($"{Text(address)} is larger than the {ByteSize.Text(maxBytes)} FlipFlow fetches at most (Fetching:MaxBytes).");

    private static string? FileNameOf(Uri address) =>
        Path.GetFileName(address.AbsolutePath) is { Length: > 0 } name ? name : null;

    /// <summary>The address as the user wrote it.</summary>
    private static string Text(Uri address) => address.OriginalString;

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>Thrown by the connect step when no address of the host may be reached; turned into a <see cref="FetchRefusedException"/> with the address.</summary>
    private sealed class AddressRefusedException(IPAddress? literal)
        : Exception("No address of the host may be fetched from.")
    {
        public IPAddress? Literal { get; } = literal;
    }
}

using System.Net;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// The <c>ForwardedHeaders</c> section: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto FlipFlow
/// believes. Nothing is trusted unless listed, loopback included: a request's client address decides its sign-in
/// rate limit, and a header any client can send must not choose it.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Single proxy addresses, IPv4 or IPv6 ("127.0.0.1", "10.0.0.5", "::1").</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation ("10.0.0.0/8", "172.16.0.0/12", "fd00::/8").</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IReadOnlyList<IPAddress> Proxies() =>
    [
        .. KnownProxies.Select(proxy => IPAddress.TryParse(proxy.Trim(), out var address)
            ? address
            : throw new InvalidOperationException(
                $"{Section}:KnownProxies has '{proxy}', which is not an IP address. Write one address per entry, such as 127.0.0.1 or 10.0.0.5."))
    ];

    public IReadOnlyList<IPNetwork> Networks() =>
    [
        .. KnownNetworks.Select(network => IPNetwork.TryParse(network.Trim(), out var parsed)
            ? parsed
            : throw new InvalidOperationException(
                $"{Section}:KnownNetworks has '{network}', which is not a network in CIDR notation. Write it as address/prefix, such as 10.0.0.0/8 or fd00::/8."))
    ];

    /// <summary>Throws with the offending entry when an address or network does not parse.</summary>
    public void Validate()
    {
        _ = Proxies();
        _ = Networks();
    }
}

/// <summary>The <c>Https</c> section: redirecting plain requests to https, and HSTS. Both off, because the default run is plain http on localhost.</summary>
public sealed class HttpsOptions
{
    public const string Section = "Https";

    /// <summary>Whether a plain http request is redirected to https (307/308); /health is left alone for probes that speak http.</summary>
    public bool Redirect { get; set; }

    /// <summary>The port the https redirect points to: 443 behind a proxy; Kestrel's own https port when it serves TLS itself.</summary>
    public int Port { get; set; } = 443;

    /// <summary>Whether https answers carry Strict-Transport-Security, so browsers use https only for this host from then on.</summary>
    public bool Hsts { get; set; }

    /// <summary>How long browsers remember to use https only (HSTS max-age), in days.</summary>
    public int HstsMaxAgeDays { get; set; } = 365;

    public void Validate()
    {
        if (Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:Port is {Port}; it must be a TCP port from 1 to 65535 (443 behind a proxy).");
        }
        if (HstsMaxAgeDays < 1)
        {
            throw new InvalidOperationException($"{Section}:HstsMaxAgeDays is {HstsMaxAgeDays}; it must be at least 1 (365 is usual).");
        }
    }
}

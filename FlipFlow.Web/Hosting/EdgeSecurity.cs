using FlipFlow.Infrastructure.Common;
using FlipFlow.Web.Features.SystemInfo;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// What FlipFlow does at its edge, before anything else sees a request: believes forwarded headers from the
/// configured proxies only, redirects to https and sends HSTS when asked to, and puts security headers on every
/// response.
/// </summary>
public static class EdgeSecurity
{
    public static IServiceCollection AddEdgeSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.Section))
            .CheckedOnStart(options => options.Validate());
        services.AddOptions<HttpsOptions>().Bind(configuration.GetSection(HttpsOptions.Section))
            .CheckedOnStart(options => options.Validate());
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, proxies) =>
            Trust(forwarded, proxies.Value));
        services.AddOptions<HstsOptions>().Configure<IOptions<HttpsOptions>>((hsts, https) =>
            hsts.MaxAge = TimeSpan.FromDays(https.Value.HstsMaxAgeDays));
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<HttpsOptions>>((redirection, https) =>
            redirection.HttpsPort = https.Value.Port);
        // Says which server software answers, and nothing the app needs.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return services;
    }

    /// <summary>
    /// ASP.NET Core's defaults trust loopback. FlipFlow trusts only what is configured: a same-host forwarder that
    /// passes bytes through (an SSH tunnel, socat, a TCP-mode balancer) would otherwise let any client choose its own
    /// address, and with it its sign-in rate limit.
    /// </summary>
    public static void Trust(ForwardedHeadersOptions forwarded, TrustedProxyOptions proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.Proxies())
        {
            forwarded.KnownProxies.Add(proxy);
        }
        foreach (var network in proxies.Networks())
        {
            forwarded.KnownIPNetworks.Add(network);
        }
        // Each hop is believed only while the one it came from is a known proxy, so a chain of configured
        // proxies unwinds to the client and a client's own X-Forwarded-For entries are never reached.
        forwarded.ForwardLimit = null;
    }

    /// <summary>First in the pipeline: forwarded headers, security headers, then HSTS and the https redirect.</summary>
    public static IApplicationBuilder UseEdgeSecurity(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<TrustedProxyOptions>>().Value;
        var https = app.ApplicationServices.GetRequiredService<IOptions<HttpsOptions>>().Value;
        // With no known proxy at all, ASP.NET Core's middleware would believe every sender: leave it out instead.
        if (proxies.Any)
        {
            app.UseForwardedHeaders();
        }
        app.UseMiddleware<UntrustedForwardingNotice>();
        app.UseMiddleware<SecurityHeaders>();
        if (https.Hsts)
        {
            app.UseHsts();
        }
        if (https.Redirect)
        {
            // Load balancers and monitors often probe over plain http inside the network.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments(HealthEndpoint.Path), branch => branch.UseHttpsRedirection());
        }
        return app;
    }
}

/// <summary>
/// Warns once per process when a request carried forwarded headers that FlipFlow ignored because its sender is not
/// a configured proxy: the sign of a proxy left out of ForwardedHeaders:KnownProxies/KnownNetworks, which makes
/// redirects http, cookies not Secure and every client share one rate limit.
/// </summary>
public sealed class UntrustedForwardingNotice(RequestDelegate next, ILogger<UntrustedForwardingNotice> logger)
{
    private int warned;

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var forwarded = headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
                        || headers.ContainsKey(ForwardedHeadersDefaults.XForwardedProtoHeaderName);
        var applied = headers.ContainsKey(ForwardedHeadersDefaults.XOriginalForHeaderName)
                      || headers.ContainsKey(ForwardedHeadersDefaults.XOriginalProtoHeaderName);
        if (forwarded && !applied && Interlocked.Exchange(ref warned, 1) == 0)
        {
            logger.LogWarning(
                "Ignored X-Forwarded-For/X-Forwarded-Proto from {Address}: it is not in {Section}:KnownProxies or {Section}:KnownNetworks. "
                + "If a reverse proxy on that address serves FlipFlow, list it there (README, Behind a proxy).",
                context.Connection.RemoteIpAddress, TrustedProxyOptions.Section, TrustedProxyOptions.Section);
        }
        return next(context);
    }
}

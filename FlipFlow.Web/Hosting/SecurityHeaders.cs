using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// Puts the browser-side defences on every response (pages, static files, /health, errors, 404s): a
/// Content-Security-Policy, nosniff, no referrer, no powerful browser features, no framing.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// Scripts only from FlipFlow's own files, no eval. Styles may be inline: MudBlazor's theme is a &lt;style&gt;
    /// element and its components set style attributes. The live connection (/_blazor) is a same-origin WebSocket,
    /// which 'self' covers in every current browser. Images: FlipFlow's own, data: URIs (the favicon), and https
    /// images elsewhere, which a market listing's page shows as its photos; an image cannot run script, and no
    /// referrer is sent with it.
    /// </summary>
    public const string Policy =
        "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
        + "img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; connect-src 'self'; script-src 'self'";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private static readonly ConditionalWeakTable<ImportMapDefinition, string> ImportMapHashes = new();

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the response starts, last of all: the error handler clears headers before it writes its page,
        // and the interactive render mode adds its own frame-ancestors policy, which this one replaces.
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>
    /// The API reference page (/api/docs) is the one page with inline script: its configuration, in a script tag that
    /// carries a nonce made for that response; the policy allows exactly that nonce, on that response only.
    /// </summary>
    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string nonce
            ? $"{Policy} 'nonce-{nonce}'"
            : PolicyFor(context.GetEndpoint());
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = PermissionsPolicy;
        // For browsers that predate frame-ancestors.
        headers.XFrameOptions = "DENY";
    }

    /// <summary>
    /// The policy, plus the hash of the page's import map when the endpoint renders one: &lt;ImportMap /&gt; writes
    /// the endpoint's ImportMapDefinition as an inline script, which 'self' alone would block, and without it the
    /// fingerprinted module URLs (js/apexchart.js) would not resolve.
    /// </summary>
    public static string PolicyFor(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ImportMapDefinition>() is { } importMap
            ? $"{Policy} '{ImportMapHashes.GetValue(importMap, HashOf)}'"
            : Policy;

    /// <summary>The CSP source for an inline script with exactly the text ImportMap renders: the definition's JSON.</summary>
    public static string HashOf(ImportMapDefinition importMap) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.ToString())));
}

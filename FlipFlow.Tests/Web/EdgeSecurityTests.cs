using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlipFlow.Tests.Web;

/// <summary>FlipFlow behind a TLS proxy and on its own: forwarded headers, https, and the security headers on every response.</summary>
public sealed partial class EdgeSecurityTests
{
    private const string Proto = "X-Forwarded-Proto";

    public static TheoryData<string> AnonymousPaths => ["/account/login", "/health", "/_framework/blazor.web.js", "/vendor/apexcharts.min.js", "/css/app.css", "/no-such-page"];

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers_and_no_Server_header()
    {
        await using var app = await FlipFlowApp.StartAsync();
        using var client = app.NewClient();
        var responses = new List<(string What, HttpResponseMessage Response)>();
        foreach (var path in AnonymousPaths)
        {
            responses.Add(($"GET {path}", await client.GetAsync(path)));
        }
        responses.Add(("HEAD /account/login", await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/account/login"))));
        // HEAD answers as GET does, without a body: the page itself, not the sign-in challenge.
        Assert.Equal(HttpStatusCode.OK, responses[^1].Response.StatusCode);
        Assert.Empty(await responses[^1].Response.Content.ReadAsByteArrayAsync());
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Forms.SignInAsync(client, email, password);
        responses.Add(("GET / signed in", await client.GetAsync("/")));
        responses.Add(("GET an unknown page signed in (404)", await client.GetAsync("/no-such-page")));
        Assert.Equal(HttpStatusCode.NotFound, responses[^1].Response.StatusCode);

        Assert.All(responses, entry => AssertSecurityHeaders(entry.What, entry.Response));
    }

    [Fact]
    public async Task An_error_page_carries_the_security_headers_too()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler(ErrorPage.Handle);
        app.MapGet("/fail", IResult () => throw new InvalidOperationException("Broken on purpose"));
        await app.StartAsync();

        var response = await app.GetTestClient().GetAsync("/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertSecurityHeaders("the error page", response);
    }

    [Fact]
    public async Task The_pages_only_inline_script_is_the_import_map_and_the_policy_allows_exactly_it_by_hash()
    {
        await using var app = await FlipFlowApp.StartAsync();
        using var client = app.NewClient();

        var response = await client.GetAsync("/account/login");
        var html = await response.Content.ReadAsStringAsync();

        var inline = InlineScript().Matches(html).Where(script => script.Groups["body"].Value.Trim().Length > 0).ToList();
        var importMap = Assert.Single(inline);
        Assert.Contains("type=\"importmap\"", importMap.Groups["attributes"].Value);
        var hash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups["body"].Value)));
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.EndsWith($"script-src 'self' '{hash}'", policy);
        Assert.DoesNotMatch(InlineHandler(), html);
    }

    [Theory]
    [InlineData("KnownProxies", "127.0.0.1")]
    [InlineData("KnownNetworks", "127.0.0.0/8")]
    public async Task Behind_a_configured_proxy_that_says_https_redirects_are_https_and_the_sign_in_cookie_is_Secure(string setting, string value)
    {
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?> { [$"ForwardedHeaders:{setting}:0"] = value });
        using var client = CookieKeepingClient(app);
        client.DefaultRequestHeaders.Add(Proto, "https");

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith($"https://{app.BaseAddress.Authority}/account/login", home.Headers.Location?.ToString());

        var signIn = await Forms.SignInAsync(client, AccountBootstrapper.FirstAdminEmail, app.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), header => header.StartsWith("FlipFlow.Auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.0.0.0/8")]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_configured_proxy_are_ignored_and_that_is_logged_once(string? network)
    {
        var settings = network is null ? null : new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = network };
        await using var app = await FlipFlowApp.StartAsync(settings: settings);
        using var client = CookieKeepingClient(app);
        client.DefaultRequestHeaders.Add(Proto, "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        var home = await client.GetAsync("/");
        Assert.StartsWith($"http://{app.BaseAddress.Authority}/account/login", home.Headers.Location?.ToString());
        var signIn = await Forms.SignInAsync(client, AccountBootstrapper.FirstAdminEmail, app.AdminPassword);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), header => header.StartsWith("FlipFlow.Auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);

        var notices = app.Logs.Where(line => line.Contains("Ignored X-Forwarded-For/X-Forwarded-Proto from 127.0.0.1", StringComparison.Ordinal)).ToList();
        Assert.Single(notices);
        Assert.StartsWith("Warning", notices[0]);
    }

    [Fact]
    public async Task The_sign_in_rate_limit_counts_each_client_behind_a_configured_proxy_and_a_made_up_X_Forwarded_For_from_elsewhere_changes_nothing()
    {
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["SignIn:AttemptsPerMinute"] = "2",
        });
        using var proxy = app.NewClient();
        using var elsewhere = app.NewClient(IPAddress.Parse("127.0.0.2"));

        async Task<HttpStatusCode> WrongPasswordAsync(HttpClient client, string forwardedFor)
        {
            client.DefaultRequestHeaders.Remove("X-Forwarded-For");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            return (await Forms.SignInAsync(client, AccountBootstrapper.FirstAdminEmail, "Not-the-password-9")).StatusCode;
        }

        // Through the proxy: two clients, two limits.
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(proxy, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(proxy, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(proxy, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(proxy, "203.0.113.2"));
        // Straight from another machine, a new made-up address on every post is still one client.
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(elsewhere, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordAsync(elsewhere, "198.51.100.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(elsewhere, "198.51.100.3"));
    }

    /// <summary>Which client address FlipFlow sees (the rate limiter's partition) for a connection from a proxy and its X-Forwarded-For.</summary>
    [Theory]
    [InlineData("10.0.0.5", "", "10.0.0.5", "203.0.113.7", "203.0.113.7")]
    [InlineData("", "10.0.0.0/8", "10.1.2.3", "203.0.113.7", "203.0.113.7")]
    [InlineData("10.0.0.5", "", "10.0.0.6", "203.0.113.7", "10.0.0.6")]
    [InlineData("", "10.0.0.0/8", "127.0.0.1", "203.0.113.7", "127.0.0.1")]
    [InlineData("10.0.0.5", "", "::ffff:10.0.0.5", "203.0.113.7", "203.0.113.7")]
    // A client's own entry, left of the proxy's, is never believed.
    [InlineData("10.0.0.5", "", "10.0.0.5", "198.51.100.1, 203.0.113.7", "203.0.113.7")]
    // Two configured proxies in a row unwind to the client.
    [InlineData("", "10.0.0.0/8", "10.0.0.5", "203.0.113.7, 10.0.0.9", "203.0.113.7")]
    public async Task X_Forwarded_For_sets_the_client_address_only_when_the_sender_is_a_configured_proxy(
        string proxies, string networks, string sender, string forwardedFor, string seen)
    {
        var trusted = new TrustedProxyOptions
        {
            KnownProxies = proxies.Length == 0 ? [] : [proxies],
            KnownNetworks = networks.Length == 0 ? [] : [networks],
        };
        var options = new ForwardedHeadersOptions();
        EdgeSecurity.Trust(options, trusted);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(sender);
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        context.Request.Headers[Proto] = string.Join(", ", forwardedFor.Split(',').Select(_ => "https"));

        await new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(options)).Invoke(context);

        var remote = context.Connection.RemoteIpAddress!;
        Assert.Equal(IPAddress.Parse(seen), remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
        // X-Forwarded-Proto is believed exactly when X-Forwarded-For is.
        Assert.Equal(seen != sender, context.Request.IsHttps);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.300", "'10.0.0.300', which is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "'10.0.0.0', which is not a network in CIDR notation")]
    [InlineData("Https:Port", "0", "Https:Port is 0")]
    [InlineData("Https:HstsMaxAgeDays", "0", "Https:HstsMaxAgeDays is 0")]
    public async Task A_wrong_edge_setting_stops_the_start_with_a_message_naming_it(string key, string value, string message)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?> { [key] = value });
        });

        Assert.NotNull(failure);
        Assert.Contains(message, Flatten(failure));
    }

    [Fact]
    public async Task With_Https_Redirect_plain_requests_go_to_https_except_health_and_proxied_https_requests_are_served()
    {
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Https:Redirect"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = app.NewClient();

        var plain = await client.GetAsync("/account/login?x=1");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal($"https://{app.BaseAddress.Host}/account/login?x=1", plain.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        proxied.Headers.Add(Proto, "https");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(proxied)).StatusCode);
    }

    [Fact]
    public async Task With_Https_Hsts_https_answers_carry_Strict_Transport_Security_and_plain_ones_do_not()
    {
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Https:Hsts"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = app.NewClient();

        // HSTS is never sent for localhost names, so the requests name a real-looking host.
        using var secure = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        secure.Headers.Host = "flipflow.example.com";
        secure.Headers.Add(Proto, "https");
        var answer = await client.SendAsync(secure);
        Assert.Equal("max-age=31536000", answer.Headers.GetValues("Strict-Transport-Security").Single());

        using var plain = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        plain.Headers.Host = "flipflow.example.com";
        Assert.False((await client.SendAsync(plain)).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task By_default_there_is_no_https_redirect_and_no_HSTS()
    {
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        using var client = app.NewClient();
        using var secure = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        secure.Headers.Host = "flipflow.example.com";
        secure.Headers.Add(Proto, "https");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.False((await client.SendAsync(secure)).Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertSecurityHeaders(string what, HttpResponseMessage response)
    {
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                ? string.Join(" | ", values)
                : throw new Xunit.Sdk.XunitException($"{what} ({(int)response.StatusCode}) has no {name} header.");

        var policy = Header("Content-Security-Policy");
        Assert.True(policy.StartsWith(SecurityHeaders.Policy, StringComparison.Ordinal), $"{what}: {policy}");
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain(" | ", policy);
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'" })
        {
            Assert.Contains(directive, policy);
        }
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.Contains("camera=()", Header("Permissions-Policy"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.False(response.Headers.Contains("Server"), $"{what} names its server: {string.Join(",", response.Headers.Server)}");
    }

    /// <summary>A client that keeps every cookie it is given, Secure ones included: behind the test's "proxy" the app marks them Secure over plain http.</summary>
    private static HttpClient CookieKeepingClient(FlipFlowApp app) =>
        new(new CookieJar { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static string Flatten(Exception exception) =>
        exception.InnerException is null ? exception.Message : exception.Message + " | " + Flatten(exception.InnerException);

    private sealed class CookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
            }
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0];
                var equals = pair.IndexOf('=');
                cookies[pair[..equals]] = pair[(equals + 1)..];
            }
            return response;
        }
    }

    [GeneratedRegex("<script(?<attributes>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}

using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using FlipFlow.Infrastructure.Security.ApiKeys;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FlipFlow.Web.Features.ApiKeys;

/// <summary>The claims an API key's principal carries besides its name and role.</summary>
public static class ApiKeyClaims
{
    public const string Id = "flipflow:apikey:id";

    public const string Prefix = "flipflow:apikey:prefix";

    /// <summary>The principal's name: <c>apikey:&lt;key name&gt;</c>, so logs and records tell a key from a user.</summary>
    public static string NameOf(string keyName) => "apikey:" + keyName;
}

/// <summary>
/// The <see cref="ApiAccess.Scheme"/> scheme: <c>Authorization: Bearer ff_…</c> with a live key signs the request in
/// as that key, with the key's role. Only the API's policies ask for it; the console keeps Identity's cookie.
/// A missing or unusable key is answered 401 with <c>WWW-Authenticate: Bearer</c>, a key without the rights 403.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Bearer = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderNames.Authorization, out var values))
        {
            return AuthenticateResult.NoResult();
        }
        var header = values.ToString();
        if (!header.StartsWith(Bearer + " ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.AuthenticateAsync(header[(Bearer.Length + 1)..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is malformed, unknown or revoked.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, ApiKeyClaims.NameOf(key.Name)),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(ApiKeyClaims.Id, key.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ApiKeyClaims.Prefix, key.Prefix),
            ],
            Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, Bearer);
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}

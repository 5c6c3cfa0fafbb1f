using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Marketplaces;

/// <summary>
/// What every REST marketplace client shares: OAuth2 access tokens from a stored refresh token (kept until they
/// expire, renewed once on a 401), the per-marketplace rate limit, and one reading of failures: timeouts, 429
/// and 5xx are transient (429's Retry-After kept), other 4xx are permanent with the marketplace's own message.
/// Each call's outcome is recorded on the connection. Subclasses say only where their APIs differ.
/// </summary>
public abstract class RestMarketplaceClient(
    HttpClient http,
    MarketplaceConnections connections,
    MarketplaceRateLimiter limiter,
    TimeProvider clock)
{
    /// <summary>A token this close to its expiry is renewed before use.</summary>
    private static readonly TimeSpan TokenRenewalMargin = TimeSpan.FromMinutes(2);

    /// <summary>One token renewal at a time per marketplace in this process (the clients themselves are transient).</summary>
    private static readonly ConcurrentDictionary<Marketplace, SemaphoreSlim> TokenRenewals = new();

    protected static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public abstract Marketplace Marketplace { get; }

    /// <summary>The request that trades the stored refresh token for an access token.</summary>
    protected abstract HttpRequestMessage CreateTokenRequest(MarketplaceCredentials credentials);

    /// <summary>The API's base address, from the connection's settings (sandbox or production).</summary>
    protected abstract Uri ApiBase(MarketplaceCredentials credentials);

    /// <summary>The marketplace's own words for what went wrong, read from an error response's body.</summary>
    protected abstract string? ReadErrorMessage(string body);

    /// <summary>Headers every API call carries besides the bearer token.</summary>
    protected virtual void AddHeaders(HttpRequestMessage request, MarketplaceCredentials credentials)
    {
    }

    /// <summary>Called with the token endpoint's answer: a marketplace that rotates refresh tokens stores the new one here.</summary>
    protected virtual Task OnTokenIssuedAsync(JsonElement tokenResponse, CancellationToken cancellationToken) => Task.CompletedTask;

    protected MarketplaceConnections Connections => connections;

    /// <summary>Sends one API call and returns its successful response, or null for a 404 when <paramref name="notFoundIsNull"/>.</summary>
    protected async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string path, HttpContent? content,
        CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        var credentials = await CredentialsAsync(cancellationToken);
        var token = await AccessTokenAsync(credentials, renew: false, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await limiter.WaitAsync(Marketplace, cancellationToken);
            using var request = new HttpRequestMessage(method, new Uri(ApiBase(credentials), path)) { Content = content };
            request.Headers.Authorization = new("Bearer", token);
            AddHeaders(request, credentials);
            var response = await SendRawAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                response.Dispose();
                token = await AccessTokenAsync(credentials, renew: true, cancellationToken);
                content = await CloneAsync(content, cancellationToken);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                response.Dispose();
                await connections.RecordCallAsync(Marketplace, null, cancellationToken);
                return null;
            }
            await ThrowIfFailedAsync(response, $"{method} {path}", cancellationToken);
            await connections.RecordCallAsync(Marketplace, null, cancellationToken);
            return response;
        }
    }

    /// <summary>Sends a JSON body (or none) and reads a JSON answer; null for a 404 when <paramref name="notFoundIsNull"/>.</summary>
    protected async Task<T?> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        bool notFoundIsNull = false)
    {
        using var response = await SendAsync(method, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
            cancellationToken, notFoundIsNull);
        if (response is null || response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return default;
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    /// <summary>The connection's credentials; a marketplace not connected fails permanently, saying so.</summary>
    protected async Task<MarketplaceCredentials> CredentialsAsync(CancellationToken cancellationToken) =>
        await connections.ReadCredentialsAsync(Marketplace, cancellationToken)
        ?? throw new PermanentMarketplaceException(Marketplace,
            $"{Marketplace.DisplayName()} is not connected: an Admin enters its credentials on the Marketplaces page.");

    /// <summary>
    /// The access token to send: the stored one while it is fresh, else a new one. A renewal takes the marketplace's
    /// lock and reads the credentials again there, since another call may have renewed meanwhile: its token is
    /// then reused (unless <paramref name="renew"/>: a token was just refused), and at a marketplace that rotates
    /// refresh tokens (Etsy) the refresh token this call began with is already retired.
    /// </summary>
    private async Task<string> AccessTokenAsync(MarketplaceCredentials credentials, bool renew, CancellationToken cancellationToken)
    {
        if (!renew && FreshToken(credentials) is { } cached)
        {
            return cached;
        }
        var renewal = TokenRenewals.GetOrAdd(Marketplace, static _ => new SemaphoreSlim(1, 1));
        await renewal.WaitAsync(cancellationToken);
        try
        {
            var latest = await CredentialsAsync(cancellationToken);
            if (!renew && FreshToken(latest) is { } fresh)
            {
                return fresh;
            }
            using var request = CreateTokenRequest(latest);
            using var response = await SendRawAsync(request, cancellationToken);
            await ThrowIfFailedAsync(response, "token request", cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = document.RootElement;
            var token = root.TryGetProperty("access_token", out var value) && value.GetString() is { Length: > 0 } text
                ? text
                : throw new PermanentMarketplaceException(Marketplace, $"{Marketplace.DisplayName()}'s token endpoint answered without an access_token.");
            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 3600;
            await OnTokenIssuedAsync(root, cancellationToken);
            await connections.StoreAccessTokenAsync(Marketplace, token, clock.GetUtcNow().AddSeconds(lifetime), cancellationToken);
            return token;
        }
        finally
        {
            renewal.Release();
        }
    }

    private string? FreshToken(MarketplaceCredentials credentials) =>
        credentials.AccessToken is { } token && credentials.AccessTokenExpiresAt > clock.GetUtcNow() + TokenRenewalMargin ? token : null;

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var message = exception is TaskCanceledException
                ? $"{Marketplace.DisplayName()} did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {http.Timeout.TotalSeconds:0} s."
                : $"{Marketplace.DisplayName()} could not be reached: {exception.Message}";
            await connections.RecordCallAsync(Marketplace, message, cancellationToken);
            throw new TransientMarketplaceException(Marketplace, message, inner: exception);
        }
    }

    private async Task ThrowIfFailedAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        var said = ReadErrorMessage(body) ?? response.ReasonPhrase ?? "no message";
        var message = $"{Marketplace.DisplayName()} answered {status} to {call}: {said}";
        var retryAfter = RetryAfter(response);
        response.Dispose();
        await connections.RecordCallAsync(Marketplace, message, cancellationToken);
        if (status == 429 || status >= 500 || status == 408)
        {
            throw new TransientMarketplaceException(Marketplace, message, retryAfter);
        }
        throw new PermanentMarketplaceException(Marketplace, message);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } retryAfter
            ? retryAfter.Delta ?? (retryAfter.Date is { } date ? date - clock.GetUtcNow() : null)
            : null;

    private static async Task<HttpContent?> CloneAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return null;
        }
        var copy = new ByteArrayContent(await content.ReadAsByteArrayAsync(cancellationToken));
        foreach (var header in content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }
}

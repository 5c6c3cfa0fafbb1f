using System.Net.Http.Json;
using FlipFlow.Domain.Alerts;
using Microsoft.Extensions.Configuration;

namespace FlipFlow.Infrastructure.Alerts;

/// <summary>What one post to a channel came to: sent, or why not.</summary>
public sealed record AlertPostResult(bool Sent, string? Error);

/// <summary>
/// Posts an alert to a channel's webhook in its format. An Admin sets the address, so it may be on the operator's own
/// network (a self-hosted chat); only http and https are posted to, without following redirects.
/// <c>Alerts:ConsoleUrl</c>, when set, makes the alerts' links absolute.
/// </summary>
public sealed class AlertSender(IHttpClientFactory clients, IConfiguration configuration)
{
    public const string ClientName = "alerts";

    private string? ConsoleUrl => configuration["Alerts:ConsoleUrl"] is { Length: > 0 } url ? url : null;

    public async Task<AlertPostResult> PostAsync(AlertChannel channel, Alert alert, CancellationToken cancellationToken = default)
    {
        var http = clients.CreateClient(ClientName);
        try
        {
            using var response = await http.PostAsJsonAsync(channel.Url, AlertPolicy.Body(channel.Format, alert, ConsoleUrl), cancellationToken);
            return response.IsSuccessStatusCode
                ? new AlertPostResult(true, null)
                : new AlertPostResult(false, $"The receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException exception)
        {
            return new AlertPostResult(false, $"The receiver could not be reached: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AlertPostResult(false, $"The receiver did not answer within {http.Timeout.TotalSeconds:0} seconds.");
        }
    }
}

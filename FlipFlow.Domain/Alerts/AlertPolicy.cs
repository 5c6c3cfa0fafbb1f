using System.Text.Json.Nodes;

namespace FlipFlow.Domain.Alerts;

/// <summary>
/// When an alert is raised and sent, and what is sent. A cause alerts at most once an hour, however often it fails, so
/// a job failing every minute sends one message an hour, not sixty. A delivery the receiver refuses, or that does not
/// arrive, is tried again after 5 minutes (the delivery job's schedule), then doubling up to an hour between attempts,
/// six attempts in all over about two hours and a quarter, then given up and marked failed.
/// </summary>
public static class AlertPolicy
{
    public static readonly TimeSpan Quiet = TimeSpan.FromHours(1);
    public const int MaxAttempts = 6;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    /// <summary>Whether a cause last raised at <paramref name="lastRaisedAt"/> (or never) alerts again at <paramref name="now"/>.</summary>
    public static bool IsDue(DateTimeOffset? lastRaisedAt, DateTimeOffset now) => lastRaisedAt is not { } last || now - last >= Quiet;

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (from 1), or null when it was the last.</summary>
    public static TimeSpan? RetryAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt >= MaxAttempts)
        {
            return null;
        }
        var delay = FirstRetry * Math.Pow(2, attempt - 1);
        return delay < LongestRetry ? delay : LongestRetry;
    }

    /// <summary>The body a channel of <paramref name="format"/> receives; <paramref name="consoleUrl"/> (or null) makes the alert's link absolute.</summary>
    public static JsonObject Body(AlertFormat format, Alert alert, string? consoleUrl)
    {
        var link = alert.Link is { } relative && consoleUrl is { } root ? $"{root.TrimEnd('/')}/{relative.TrimStart('/')}" : null;
        if (format == AlertFormat.Json)
        {
            return new JsonObject
            {
                ["id"] = alert.Id,
                ["kind"] = alert.Kind.ToString(),
                ["cause"] = alert.Cause,
                ["title"] = alert.Title,
                ["detail"] = alert.Detail,
                ["link"] = link,
                ["raisedAt"] = alert.RaisedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["source"] = "FlipFlow",
            };
        }
        var embed = new JsonObject
        {
            ["title"] = Truncate(alert.Title, 256),
            ["description"] = Truncate(alert.Detail ?? "", 4096),
            // Discord's colours are RGB integers: red for failures, blue for a test.
            ["color"] = alert.Kind == AlertKind.Test ? 0x3498DB : 0xE74C3C,
            ["timestamp"] = alert.RaisedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["footer"] = new JsonObject { ["text"] = $"FlipFlow · {alert.Kind} · {alert.Cause}" },
        };
        if (link is not null)
        {
            embed["url"] = link;
        }
        return new JsonObject
        {
            ["username"] = "FlipFlow",
            ["content"] = Truncate($"**{alert.Title}**", 2000),
            ["embeds"] = new JsonArray(embed),
        };
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

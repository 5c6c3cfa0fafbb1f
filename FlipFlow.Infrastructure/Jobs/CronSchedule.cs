using Quartz;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>Cron expressions as FlipFlow uses them: Quartz's dialect (with seconds), evaluated in UTC.</summary>
public static class CronSchedule
{
    /// <summary>Null when <paramref name="cron"/> is valid; otherwise why not, for the person who typed it.</summary>
    public static string? Validate(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return "Enter a cron expression, such as 0 0/15 * * * ? (every 15 minutes).";
        }
        try
        {
            _ = Parse(cron);
            return null;
        }
        catch (FormatException error)
        {
            return $"'{cron}' is not a cron expression: {error.Message}";
        }
    }

    /// <summary>The next <paramref name="count"/> times the schedule fires after <paramref name="after"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, DateTimeOffset after, int count)
    {
        var expression = Parse(cron);
        var times = new List<DateTimeOffset>(count);
        var next = expression.GetNextValidTimeAfter(after);
        while (next is { } time && times.Count < count)
        {
            times.Add(time);
            next = expression.GetNextValidTimeAfter(time);
        }
        return times;
    }

    private static CronExpression Parse(string cron) => CronExpression.Parse(cron.Trim()).WithTimeZone(TimeZoneInfo.Utc);
}

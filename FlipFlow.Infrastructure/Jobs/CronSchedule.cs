using Cronos;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Cron expressions as FlipFlow uses them, by the rules Hangfire schedules with: five fields (minute hour
/// day-of-month month day-of-week), or six with seconds first; evaluated in UTC. A seventh year field is
/// accepted only as "*", which older schedules carry, and dropped (<see cref="Normalize"/>).
/// </summary>
public static class CronSchedule
{
    /// <summary>Null when <paramref name="cron"/> is valid; otherwise why not, for the person who typed it.</summary>
    public static string? Validate(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return "Enter a cron expression, such as */15 * * * * (every 15 minutes) or 0 15 3 * * * (03:15:00 UTC daily).";
        }
        try
        {
            _ = Parse(cron);
            return null;
        }
        catch (CronFormatException error)
        {
            return $"'{cron}' is not a cron expression: {error.Message}";
        }
    }

    /// <summary>The expression as the engine stores it: trimmed, single-spaced, without a "*" year field.</summary>
    public static string Normalize(string cron)
    {
        var fields = Fields(cron);
        return string.Join(' ', fields.Length == 7 && fields[6] == "*" ? fields[..6] : fields);
    }

    /// <summary>The next <paramref name="count"/> times the schedule fires after <paramref name="after"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, DateTimeOffset after, int count)
    {
        var expression = Parse(cron);
        var times = new List<DateTimeOffset>(count);
        var next = expression.GetNextOccurrence(after, TimeZoneInfo.Utc);
        while (next is { } time && times.Count < count)
        {
            times.Add(time);
            next = expression.GetNextOccurrence(time, TimeZoneInfo.Utc);
        }
        return times;
    }

    private static string[] Fields(string cron) => cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static CronExpression Parse(string cron)
    {
        var fields = Fields(Normalize(cron));
        return fields.Length switch
        {
            5 => CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard),
            6 => CronExpression.Parse(string.Join(' ', fields), CronFormat.IncludeSeconds),
            7 => throw new CronFormatException("a year field is not supported; remove it (or make it *)."),
            _ => throw new CronFormatException($"it has {fields.Length} fields; give five (minute hour day month weekday) or six with seconds first."),
        };
    }
}

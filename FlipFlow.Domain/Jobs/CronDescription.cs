using System.Globalization;

namespace FlipFlow.Domain.Jobs;

/// <summary>
/// Says a cron expression in words: five fields (minutes hours day-of-month month day-of-week), or six with
/// seconds first (a trailing year of "*" is allowed, as older schedules carry one), for the shapes schedules usually take: every N seconds, minutes or hours, daily, weekly, monthly. Any
/// other expression gets no description, and the console shows the expression alone. Times are UTC.
/// </summary>
public static class CronDescription
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] DayAbbreviations = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string? Describe(string? cron)
    {
        var fields = cron?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is { Length: 5 })
        {
            fields = ["0", .. fields];
        }
        if (fields is not { Length: 6 or 7 } || fields.Length == 7 && fields[6] != "*")
        {
            return null;
        }
        var (second, minute, hour, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        var everyDay = IsAny(dayOfMonth) && IsAny(dayOfWeek) && month == "*";

        if (Step(second) is { } seconds && minute == "*" && hour == "*" && everyDay)
        {
            return Every(seconds, "second");
        }
        if (second != "0")
        {
            return null;
        }
        if (Step(minute) is { } minutes && hour == "*" && everyDay)
        {
            return Every(minutes, "minute");
        }
        if (Number(minute, 59) is { } atMinute && Step(hour) is { } hours && everyDay)
        {
            return $"{Every(hours, "hour")} at minute {atMinute}";
        }
        if (Number(minute, 59) is not { } m || Number(hour, 23) is not { } h)
        {
            return null;
        }
        var time = $"{h:00}:{m:00} UTC";
        if (everyDay)
        {
            return $"Every day at {time}";
        }
        if (IsAny(dayOfMonth) && month == "*" && Day(dayOfWeek) is { } day)
        {
            return $"Every {day} at {time}";
        }
        if (Number(dayOfMonth, 31) is { } date and >= 1 && month == "*" && IsAny(dayOfWeek))
        {
            return $"On day {date} of every month at {time}";
        }
        return null;
    }

    private static string Every(int count, string unit) => count == 1 ? $"Every {unit}" : $"Every {count} {unit}s";

    private static bool IsAny(string field) => field is "*" or "?";

    /// <summary>The step of "*", "*/N" or "0/N"; null for anything else.</summary>
    private static int? Step(string field) => field switch
    {
        "*" => 1,
        _ when field.StartsWith("*/", StringComparison.Ordinal) || field.StartsWith("0/", StringComparison.Ordinal)
            => int.TryParse(field[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0 ? step : null,
        _ => null,
    };

    private static int? Number(string field, int max) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max ? value : null;

    private static string? Day(string field)
    {
        var index = Array.IndexOf(DayAbbreviations, field.ToUpperInvariant());
        // Standard cron numbering, as Hangfire reads it: 0 (or 7) is Sunday, 1 Monday.
        if (index < 0 && int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 7)
        {
            index = number % 7;
        }
        return index >= 0 ? DayNames[index] : null;
    }
}

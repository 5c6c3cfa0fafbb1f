namespace FlipFlow.Web.Features.Api;

/// <summary>Reading a query string's optional values the same way on every endpoint.</summary>
public static class ApiQuery
{
    /// <summary>The text trimmed, or null when there is none.</summary>
    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>An enum's value by name, any case; a name it lacks is a problem on its field that lists the names it has.</summary>
    public static T? Parse<T>(string? text, string field, Dictionary<string, string[]> problems) where T : struct, Enum
    {
        if (Blank(text) is not { } name)
        {
            return null;
        }
        if (Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(name, out _))
        {
            return value;
        }
        problems[field] = [$"'{name}' is not a {field}; give one of {string.Join(", ", Enum.GetNames<T>())}, or leave it out for all."];
        return null;
    }

    /// <summary>A number written with a dot ("0.85"); anything else is a problem on its field.</summary>
    public static double? Number(string? text, string field, Dictionary<string, string[]> problems)
    {
        if (Blank(text) is not { } written)
        {
            return null;
        }
        if (double.TryParse(written, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }
        problems[field] = [$"'{written}' is not a number; write it with a dot, as 0.85."];
        return null;
    }

    /// <summary>A day written yyyy-MM-dd; anything else is a problem on its field.</summary>
    public static DateOnly? Day(string? text, string field, Dictionary<string, string[]> problems)
    {
        if (Blank(text) is not { } written)
        {
            return null;
        }
        if (DateOnly.TryParseExact(written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return day;
        }
        problems[field] = [$"{field} must be a day as yyyy-MM-dd, such as 2026-11-21; '{written}' is not."];
        return null;
    }

    /// <summary>
    /// The days from and to, read as yyyy-MM-dd with their defaults filled in (<see cref="Analytics.AnalyticsExportEndpoints.RangeOf"/>);
    /// a range <see cref="Domain.Analytics.AnalyticsRanges"/> refuses is a problem on <c>from</c>, the day to move.
    /// </summary>
    public static (DateOnly From, DateOnly To) Range(string? from, string? to, Dictionary<string, string[]> problems, TimeProvider clock)
    {
        var (start, end) = Analytics.AnalyticsExportEndpoints.RangeOf(Day(from, "from", problems), Day(to, "to", problems), clock);
        if (problems.Count == 0 && Domain.Analytics.AnalyticsRanges.Problem(start, end) is { } refused)
        {
            problems["from"] = [refused];
        }
        return (start, end);
    }
}

namespace FlipFlow.Web.Components.Shared;

/// <summary>Durations in words a person reads at a glance: "3 d 4 h", "12 min", "40 s".</summary>
public static class Durations
{
    public static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays} d {span.Hours} h",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes} min",
        _ => $"{Math.Max(0, (int)span.TotalSeconds)} s",
    };
}

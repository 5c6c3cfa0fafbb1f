namespace FlipFlow.Domain.Zombies;

/// <summary>How long zombies may be snoozed: scans spare them for 1 to 365 days.</summary>
public static class ZombieSnooze
{
    public const int MinDays = 1;

    public const int MaxDays = 365;

    /// <summary>Why <paramref name="days"/> is no snooze, in words for the seller; null when it is.</summary>
    public static string? DaysProblem(int days) =>
        days is < MinDays or > MaxDays ? $"Snooze for {MinDays} to {MaxDays} days, not {days}." : null;
}

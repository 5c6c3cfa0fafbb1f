using FlipFlow.Domain.Zombies;

namespace FlipFlow.Tests.Zombies;

public sealed class ZombieSnoozeTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(14, null)]
    [InlineData(365, null)]
    [InlineData(0, "Snooze for 1 to 365 days, not 0.")]
    [InlineData(-3, "Snooze for 1 to 365 days, not -3.")]
    [InlineData(366, "Snooze for 1 to 365 days, not 366.")]
    public void A_snooze_lasts_1_to_365_days(int days, string? problem) => Assert.Equal(problem, ZombieSnooze.DaysProblem(days));
}

using FlipFlow.Domain.Jobs;

namespace FlipFlow.Tests.Jobs;

public sealed class CronDescriptionTests
{
    [Theory]
    [InlineData("0/10 * * * * ?", "Every 10 seconds")]
    [InlineData("* * * * * ?", "Every second")]
    [InlineData("0 * * * * ?", "Every minute")]
    [InlineData("0 0/15 * * * ?", "Every 15 minutes")]
    [InlineData("0 */5 * * * ?", "Every 5 minutes")]
    [InlineData("0 10 * * * ?", "Every hour at minute 10")]
    [InlineData("0 0 */6 * * ?", "Every 6 hours at minute 0")]
    [InlineData("0 10 0 * * ?", "Every day at 00:10 UTC")]
    [InlineData("0 30 3 ? * SUN", "Every Sunday at 03:30 UTC")]
    [InlineData("0 30 3 ? * 1", "Every Monday at 03:30 UTC")]
    [InlineData("30 3 * * 0", "Every Sunday at 03:30 UTC")]
    [InlineData("30 3 * * 7", "Every Sunday at 03:30 UTC")]
    [InlineData("*/15 * * * *", "Every 15 minutes")]
    [InlineData("15 3 * * *", "Every day at 03:15 UTC")]
    [InlineData("5 * * * *", "Every hour at minute 5")]
    [InlineData("0 0 4 1 * ?", "On day 1 of every month at 04:00 UTC")]
    [InlineData("0 0 4 1 * ? *", "On day 1 of every month at 04:00 UTC")]
    public void Common_schedules_read_as_words(string cron, string words) => Assert.Equal(words, CronDescription.Describe(cron));

    [Theory]
    [InlineData("0 0 4 ? * MON-FRI")]
    [InlineData("0 0 4 1,15 * ?")]
    [InlineData("0 0 4 * JAN ?")]
    [InlineData("0 0 4 * * ? 2027")]
    [InlineData("15 10 0 * * ?")]
    [InlineData("0 61 0 * * ?")]
    [InlineData("* * * *")]
    [InlineData("not a cron")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_gets_no_description_rather_than_a_wrong_one(string? cron) => Assert.Null(CronDescription.Describe(cron));
}

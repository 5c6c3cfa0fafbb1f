using FlipFlow.Domain.Jobs;

namespace FlipFlow.Tests.Jobs;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(8, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));

    [Theory]
    [InlineData(1, 0.5, 30)]
    [InlineData(2, 0.5, 60)]
    [InlineData(3, 0.5, 120)]
    [InlineData(6, 0.5, 960)]
    [InlineData(7, 0.5, 1800)]
    [InlineData(40, 0.5, 1800)]
    [InlineData(1, 0.0, 24)]
    [InlineData(1, 0.999999, 36)]
    [InlineData(7, 0.0, 1440)]
    [InlineData(7, 0.999999, 2160)]
    public void Retry_delays_double_from_the_initial_delay_up_to_the_maximum_give_or_take_a_fifth(int retry, double random, int seconds) =>
        Assert.Equal(seconds, Math.Round(Policy.DelayFor(retry, random).TotalSeconds));

    [Fact]
    public void There_is_no_retry_number_zero() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayFor(0, 0.5));
}

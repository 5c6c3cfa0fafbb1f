using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.Options;

namespace FlipFlow.Tests.Ingest;

/// <summary>
/// The per-host gate on a clock the test moves, so every wait is exact. "Not yet" is checked after a short real
/// pause, in which a wrongly released turn would have come through.
/// </summary>
public sealed class HostLimitsTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    private readonly ManualClock clock = new(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));

    private HostLimits Limits(int concurrency = 2, double perSecond = 2) =>
        new(Options.Create(new IngestionOptions { PerHostConcurrency = concurrency, PerHostRequestsPerSecond = perSecond }), clock);

    private static Task<HostTurn> Enter(HostLimits limits, string host, TimeSpan? crawlDelay = null, CancellationToken cancellationToken = default) =>
        limits.EnterAsync(host, crawlDelay, cancellationToken).AsTask();

    private static async Task AssertWaiting(Task task)
    {
        await Task.Delay(Settle);
        Assert.False(task.IsCompleted, "The turn came before the host's limits allowed it.");
    }

    [Fact]
    public async Task A_third_caller_for_one_host_waits_until_one_of_the_two_inside_leaves()
    {
        var limits = Limits(concurrency: 2, perSecond: 2);
        using var first = await Enter(limits, "shop.example").WaitAsync(Within);
        var second = Enter(limits, "shop.example");
        clock.Advance(TimeSpan.FromSeconds(0.5));
        using var secondTurn = await second.WaitAsync(Within);

        var third = Enter(limits, "SHOP.example");
        clock.Advance(TimeSpan.FromSeconds(1));
        await AssertWaiting(third);
        first.Dispose();
        using var thirdTurn = await third.WaitAsync(Within);

        Assert.Equal(TimeSpan.Zero, first.Waited);
        Assert.Equal(TimeSpan.FromSeconds(0.5), secondTurn.Waited);
        Assert.Equal(TimeSpan.FromSeconds(1), thirdTurn.Waited);
        Assert.Equal(TimeSpan.FromSeconds(1.5), limits.TotalWaited);
    }

    [Fact]
    public async Task Two_hosts_do_not_wait_on_each_other()
    {
        var limits = Limits(concurrency: 1, perSecond: 0.1);
        using var shop = await Enter(limits, "shop.example").WaitAsync(Within);

        using var other = await Enter(limits, "cards.example").WaitAsync(Within);
        var shopAgain = Enter(limits, "shop.example");

        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (shop.Waited, other.Waited));
        await AssertWaiting(shopAgain);
    }

    [Fact]
    public async Task Request_starts_to_one_host_are_spaced_by_one_over_the_rate()
    {
        var limits = Limits(concurrency: 10, perSecond: 4);
        var turns = Enumerable.Range(0, 3).Select(_ => Enter(limits, "shop.example")).ToList();
        await turns[0].WaitAsync(Within);

        clock.Advance(TimeSpan.FromSeconds(0.2));
        await AssertWaiting(turns[1]);
        clock.Advance(TimeSpan.FromSeconds(0.05));
        await turns[1].WaitAsync(Within);
        await AssertWaiting(turns[2]);
        clock.Advance(TimeSpan.FromSeconds(0.25));
        await turns[2].WaitAsync(Within);

        Assert.Equal([0, 0.25, 0.5], turns.Select(turn => turn.Result.Waited.TotalSeconds));
        turns.ForEach(turn => turn.Result.Dispose());
    }

    [Theory]
    [InlineData(3.0, 3.0)]
    [InlineData(0.1, 0.5)]
    public async Task A_crawl_delay_longer_than_the_spacing_is_honoured_and_a_shorter_one_changes_nothing(double crawlDelay, double waited)
    {
        var limits = Limits(concurrency: 2, perSecond: 2);
        using var first = await Enter(limits, "shop.example", TimeSpan.FromSeconds(crawlDelay)).WaitAsync(Within);
        var second = Enter(limits, "shop.example", TimeSpan.FromSeconds(crawlDelay));

        clock.Advance(TimeSpan.FromSeconds(waited) - TimeSpan.FromMilliseconds(1));
        await AssertWaiting(second);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var secondTurn = await second.WaitAsync(Within);

        Assert.Equal(TimeSpan.FromSeconds(waited), secondTurn.Waited);
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_waiting_for_a_slot_takes_none()
    {
        var limits = Limits(concurrency: 1, perSecond: 100);
        var first = await Enter(limits, "shop.example").WaitAsync(Within);
        using var giveUp = new CancellationTokenSource();
        var impatient = Enter(limits, "shop.example", cancellationToken: giveUp.Token);
        var patient = Enter(limits, "shop.example");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.WaitAsync(Within));
        // Past the spacing first, so the patient caller's turn comes with the slot, with no timer to race the test.
        clock.Advance(TimeSpan.FromSeconds(1));
        first.Dispose();
        first.Dispose();
        using var patientTurn = await patient.WaitAsync(Within);

        var afterwards = Enter(limits, "shop.example");
        await AssertWaiting(afterwards);
    }

    [Theory]
    [InlineData(nameof(IngestionOptions.PerHostConcurrency), 0, "Ingestion:PerHostConcurrency is 0; it must be between 1 and 50 (the default is 2).")]
    [InlineData(nameof(IngestionOptions.PerHostRequestsPerSecond), 0, "Ingestion:PerHostRequestsPerSecond is 0; it must be more than 0 and at most 100 (the default is 2).")]
    [InlineData(nameof(IngestionOptions.Workers), 0, "Ingestion:Workers is 0; it must be between 1 and 500 (the default is 20).")]
    [InlineData(nameof(IngestionOptions.FirstWorkers), 101, "Ingestion:FirstWorkers is 101; it must be between 1 and 100 (the default is 4).")]
    [InlineData(nameof(IngestionOptions.RobotsCacheMinutes), 0, "Ingestion:RobotsCacheMinutes is 0; it must be between 1 and 10080, a week (the default is 60).")]
    [InlineData(nameof(IngestionOptions.PayloadRetentionDays), 0, "Ingestion:PayloadRetentionDays is 0; it must be between 1 and 3650 (the default is 30).")]
    [InlineData(nameof(IngestionOptions.PriceChangeThresholdPercent), -1, "Ingestion:PriceChangeThresholdPercent is -1; it must be between 0 and 100 (the default is 5).")]
    public void Ingestion_settings_that_make_no_sense_are_named_with_their_default(string setting, int value, string problem)
    {
        var options = new IngestionOptions();
        var property = typeof(IngestionOptions).GetProperty(setting)!;
        property.SetValue(options, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([problem], options.Problems());
    }

    [Theory]
    [InlineData("FlipFlow/1.0 (listing tracker; honours robots.txt)", "FlipFlow", true)]
    [InlineData("Card_Scout", "Card_Scout", true)]
    [InlineData("Flip Flow/1.0", "Flip", true)]
    [InlineData("FlipFlow2/1.0", "FlipFlow2", false)]
    [InlineData(" ", "", false)]
    public void The_user_agent_must_start_with_a_product_name_that_robots_txt_can_name(string userAgent, string token, bool valid)
    {
        var options = new FlipFlow.Infrastructure.Fetching.FetchingOptions { UserAgent = userAgent };

        Assert.Equal(token, options.ProductToken);
        Assert.Equal(valid, options.Problems().Count == 0);
    }
}

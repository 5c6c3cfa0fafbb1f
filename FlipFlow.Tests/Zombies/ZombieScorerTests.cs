using System.Globalization;
using FlipFlow.Domain.Zombies;

namespace FlipFlow.Tests.Zombies;

public sealed class ZombieScorerTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly ZombieScorer Defaults = new();

    private static ListingFacts Facts(
        int daysListed = 94, int? views = 3, int? impressions = 450, int? watchers = 0, int? soldDaysAgo = null, DateTimeOffset? snoozedUntil = null) => new()
    {
        ListingId = 42,
        ListedAt = Now.AddDays(-daysListed),
        ViewsLast30Days = views,
        ImpressionsLast30Days = impressions,
        Watchers = watchers,
        LastSaleAt = soldDaysAgo is { } days ? Now.AddDays(-days) : null,
        Price = 19.99m,
        Currency = "EUR",
        SnoozedUntil = snoozedUntil,
    };

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(59, 0, null, ZombieOutcome.Healthy, "listed 59 days (under 60 days)")]
    [InlineData(60, 0, null, ZombieOutcome.Zombie, "listed 60 days, 0 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData(60, 10, null, ZombieOutcome.Zombie, "listed 60 days, 10 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData(60, 11, null, ZombieOutcome.Healthy, "11 views in 30 days (over 10)")]
    [InlineData(59, 11, null, ZombieOutcome.Healthy, "listed 59 days (under 60 days), 11 views in 30 days (over 10)")]
    [InlineData(90, 0, 59, ZombieOutcome.SoldRecently, "sold 59 days ago (within 60 days)")]
    [InlineData(90, 0, 60, ZombieOutcome.Zombie, "listed 90 days, 0 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData(90, 0, 61, ZombieOutcome.Zombie, "listed 90 days, 0 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData(90, 0, 5, ZombieOutcome.SoldRecently, "sold 5 days ago (within 60 days)")]
    [InlineData(90, 0, 1, ZombieOutcome.SoldRecently, "sold 1 day ago (within 60 days)")]
    [InlineData(90, 0, 0, ZombieOutcome.SoldRecently, "sold today (within 60 days)")]
    [InlineData(90, 50, 5, ZombieOutcome.SoldRecently, "sold 5 days ago (within 60 days)")]
    [InlineData(13, 0, null, ZombieOutcome.TooYoung, "listed 13 days (too young to judge: under 14 days)")]
    [InlineData(13, 0, 5, ZombieOutcome.TooYoung, "listed 13 days (too young to judge: under 14 days)")]
    [InlineData(1, 0, null, ZombieOutcome.TooYoung, "listed 1 day (too young to judge: under 14 days)")]
    [InlineData(14, 0, null, ZombieOutcome.Healthy, "listed 14 days (under 60 days)")]
    public void Default_rules_judge_at_their_edges(int daysListed, int? views, int? soldDaysAgo, ZombieOutcome outcome, string reasons)
    {
        var verdict = Defaults.Judge(Facts(daysListed, views, soldDaysAgo: soldDaysAgo), Now);

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(reasons, verdict.Reasons);
        Assert.Equal(42, verdict.ListingId);
        Assert.Equal(outcome == ZombieOutcome.Zombie, verdict.IsZombie);
        Assert.Equal(verdict.IsZombie, verdict.Score is not null);
        Assert.Equal(verdict.IsZombie, verdict.Diagnosis is not null);
    }

    public static TheoryData<int, string, ZombieOutcome, string> Snoozes => new()
    {
        { 94, "2025-07-01T12:00:00Z", ZombieOutcome.Snoozed, "snoozed until 2025-07-01 12:00 UTC" },
        { 94, "2025-06-30T12:00:01Z", ZombieOutcome.Snoozed, "snoozed until 2025-06-30 12:00 UTC" },
        { 94, "2025-07-01T14:00:00+02:00", ZombieOutcome.Snoozed, "snoozed until 2025-07-01 12:00 UTC" },
        { 13, "2025-07-01T12:00:00Z", ZombieOutcome.Snoozed, "snoozed until 2025-07-01 12:00 UTC" },
        { 94, "2025-06-30T12:00:00Z", ZombieOutcome.Zombie, "listed 94 days, 3 views in 30 days, 0 watchers, 450 impressions in 30 days" },
        { 94, "2025-06-29T12:00:00Z", ZombieOutcome.Zombie, "listed 94 days, 3 views in 30 days, 0 watchers, 450 impressions in 30 days" },
        { 13, "2025-06-29T12:00:00Z", ZombieOutcome.TooYoung, "listed 13 days (too young to judge: under 14 days)" },
    };

    [Theory]
    [MemberData(nameof(Snoozes))]
    public void A_snooze_spares_a_listing_until_it_expires(int daysListed, string snoozedUntil, ZombieOutcome outcome, string reasons)
    {
        var verdict = Defaults.Judge(Facts(daysListed, snoozedUntil: At(snoozedUntil)), Now);

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(reasons, verdict.Reasons);
    }

    [Theory]
    [InlineData(3, 0, 450, "listed 94 days, 3 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData(null, 2, 450, "listed 94 days, views: no data, 2 watchers, 450 impressions in 30 days")]
    [InlineData(1, 1, 1, "listed 94 days, 1 view in 30 days, 1 watcher, 1 impression in 30 days")]
    [InlineData(0, null, null, "listed 94 days, 0 views in 30 days, watchers: no data, impressions: no data")]
    [InlineData(null, null, null, "listed 94 days, views: no data, watchers: no data, impressions: no data")]
    [InlineData(2, 0, 1204, "listed 94 days, 2 views in 30 days, 0 watchers, 1204 impressions in 30 days")]
    public void A_zombies_reasons_give_its_figures_and_say_no_data_for_missing_ones(int? views, int? watchers, int? impressions, string reasons)
    {
        var verdict = Defaults.Judge(Facts(94, views, impressions, watchers), Now);

        Assert.True(verdict.IsZombie);
        Assert.Equal(reasons, verdict.Reasons);
    }

    [Theory]
    [InlineData(0, 450, 60)]
    [InlineData(1, 450, 40)]
    [InlineData(null, null, 50)]
    public void A_listing_without_views_data_is_judged_on_age_and_no_sale_and_says_so(int? watchers, int? impressions, int score)
    {
        var verdict = Defaults.Judge(Facts(daysListed: 90, views: null, impressions: impressions, watchers: watchers), Now);

        Assert.True(verdict.IsZombie);
        Assert.Equal(score, verdict.Score);
        Assert.Contains("views: no data", verdict.Reasons);
        Assert.DoesNotContain("0 views", verdict.Reasons);
    }

    [Fact]
    public void A_listing_without_views_data_is_still_spared_by_its_age()
    {
        var verdict = Defaults.Judge(Facts(daysListed: 59, views: null), Now);

        Assert.Equal(ZombieOutcome.Healthy, verdict.Outcome);
        Assert.Equal("listed 59 days (under 60 days)", verdict.Reasons);
    }

    [Theory]
    [InlineData(0, 0, 0, ZombieDiagnosis.BarelyShown)]
    [InlineData(3, 100, 0, ZombieDiagnosis.BarelyShown)]
    [InlineData(null, 50, 0, ZombieDiagnosis.BarelyShown)]
    [InlineData(3, 101, 0, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(2, 201, 0, ZombieDiagnosis.SeenNotClicked)]
    [InlineData(2, 200, 0, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(0, 101, 0, ZombieDiagnosis.SeenNotClicked)]
    [InlineData(10, 5000, 0, ZombieDiagnosis.SeenNotClicked)]
    [InlineData(2, 5000, null, ZombieDiagnosis.SeenNotClicked)]
    [InlineData(2, 201, 1, ZombieDiagnosis.WatchedNotBought)]
    [InlineData(0, 50, 1, ZombieDiagnosis.WatchedNotBought)]
    [InlineData(10, 450, 7, ZombieDiagnosis.WatchedNotBought)]
    [InlineData(null, null, 2, ZombieDiagnosis.WatchedNotBought)]
    [InlineData(3, null, 0, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(0, null, 0, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(0, null, null, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(null, 5000, 0, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(null, null, null, ZombieDiagnosis.OldAndUnsold)]
    public void Each_zombie_gets_the_first_diagnosis_its_figures_support(int? views, int? impressions, int? watchers, ZombieDiagnosis diagnosis)
    {
        var verdict = Defaults.Judge(Facts(94, views, impressions, watchers), Now);

        Assert.True(verdict.IsZombie);
        Assert.Equal(diagnosis, verdict.Diagnosis);
    }

    [Theory]
    [InlineData(ZombieDiagnosis.BarelyShown, "barely shown in search")]
    [InlineData(ZombieDiagnosis.SeenNotClicked, "seen but not clicked: fix title or photo")]
    [InlineData(ZombieDiagnosis.WatchedNotBought, "watched but not bought: send an offer")]
    [InlineData(ZombieDiagnosis.OldAndUnsold, "old and unsold: reprice or resurrect")]
    public void Each_diagnosis_reads_as_words(ZombieDiagnosis diagnosis, string words) => Assert.Equal(words, diagnosis.Describe());

    [Theory]
    [InlineData(60, 10, 1, 0)]
    [InlineData(60, 10, 0, 20)]
    [InlineData(60, 0, 1, 40)]
    [InlineData(120, 10, 1, 40)]
    [InlineData(120, 0, 0, 100)]
    [InlineData(400, 0, 0, 100)]
    [InlineData(94, 3, 0, 71)]
    [InlineData(75, 5, 2, 30)]
    [InlineData(61, 9, 5, 5)]
    [InlineData(90, null, null, 50)]
    [InlineData(90, 10, null, 30)]
    public void The_score_adds_age_views_and_watchers(int daysListed, int? views, int? watchers, int score)
    {
        Assert.Equal(score, Defaults.Judge(Facts(daysListed, views, watchers: watchers), Now).Score);
    }

    public static TheoryData<int?, int?> ViewsAndWatchers()
    {
        var data = new TheoryData<int?, int?>();
        foreach (var views in new int?[] { 0, 1, 3, 5, 9, 10, null })
        {
            foreach (var watchers in new int?[] { 0, 1, null })
            {
                data.Add(views, watchers);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ViewsAndWatchers))]
    public void The_score_never_drops_as_a_listing_ages(int? views, int? watchers)
    {
        var scores = Enumerable.Range(60, 300).Select(days => Defaults.Judge(Facts(days, views, watchers: watchers), Now).Score!.Value).ToList();

        Assert.Equal(scores.Order(), scores);
        Assert.True(scores[^1] > scores[0], "An older zombie should end up deader than one just over the line.");
    }

    public static TheoryData<int, int?> DaysAndWatchers()
    {
        var data = new TheoryData<int, int?>();
        foreach (var days in new[] { 60, 61, 75, 90, 119, 120, 121, 365 })
        {
            foreach (var watchers in new int?[] { 0, 1, null })
            {
                data.Add(days, watchers);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DaysAndWatchers))]
    public void The_score_never_drops_with_fewer_views(int daysListed, int? watchers)
    {
        var scores = Enumerable.Range(0, 11).Reverse().Select(views => Defaults.Judge(Facts(daysListed, views, watchers: watchers), Now).Score!.Value).ToList();

        Assert.Equal(scores.Order(), scores);
        Assert.True(scores[^1] > scores[0], "No views should be deader than ten.");
    }

    [Theory]
    [InlineData(60, 10)]
    [InlineData(94, 3)]
    [InlineData(200, 0)]
    [InlineData(90, null)]
    public void The_score_never_drops_with_fewer_watchers(int daysListed, int? views)
    {
        var scores = new[] { 5, 1, 0 }.Select(watchers => Defaults.Judge(Facts(daysListed, views, watchers: watchers), Now).Score!.Value).ToList();

        Assert.Equal(scores.Order(), scores);
    }

    private static ZombieScorer Custom() => new(new ZombieRules
    {
        MinimumDaysListed = 30,
        MaximumViews = 25,
        NoSaleDays = 90,
        GraceDays = 7,
        FewImpressions = 200,
        LowClickThrough = 0.05m,
    });

    [Theory]
    [InlineData(30, 25, null, ZombieOutcome.Zombie, "listed 30 days, 25 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData(29, 25, null, ZombieOutcome.Healthy, "listed 29 days (under 30 days)")]
    [InlineData(30, 26, null, ZombieOutcome.Healthy, "26 views in 30 days (over 25)")]
    [InlineData(6, 0, null, ZombieOutcome.TooYoung, "listed 6 days (too young to judge: under 7 days)")]
    [InlineData(7, 0, null, ZombieOutcome.Healthy, "listed 7 days (under 30 days)")]
    [InlineData(100, 0, 89, ZombieOutcome.SoldRecently, "sold 89 days ago (within 90 days)")]
    [InlineData(100, 0, 90, ZombieOutcome.Zombie, "listed 100 days, 0 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    public void Custom_thresholds_replace_the_defaults(int daysListed, int? views, int? soldDaysAgo, ZombieOutcome outcome, string reasons)
    {
        var verdict = Custom().Judge(Facts(daysListed, views, soldDaysAgo: soldDaysAgo), Now);

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(reasons, verdict.Reasons);
    }

    [Theory]
    [InlineData(20, 200, ZombieDiagnosis.BarelyShown)]
    [InlineData(25, 150, ZombieDiagnosis.BarelyShown)]
    [InlineData(20, 201, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(20, 400, ZombieDiagnosis.OldAndUnsold)]
    [InlineData(20, 401, ZombieDiagnosis.SeenNotClicked)]
    public void Custom_thresholds_choose_the_diagnosis(int views, int impressions, ZombieDiagnosis diagnosis)
    {
        Assert.Equal(diagnosis, Custom().Judge(Facts(45, views, impressions), Now).Diagnosis);
    }

    [Theory]
    [InlineData(45, 25, 0, 40)]
    [InlineData(60, 0, 0, 100)]
    [InlineData(30, 25, 1, 0)]
    public void Custom_thresholds_scale_the_score(int daysListed, int views, int watchers, int score)
    {
        Assert.Equal(score, Custom().Judge(Facts(daysListed, views, watchers: watchers), Now).Score);
    }

    [Theory]
    [InlineData("2025-04-01T01:00:00+02:00", null, "2025-05-30T00:30:00Z", ZombieOutcome.Zombie, "listed 60 days, 3 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData("2025-06-29T23:59:00Z", null, "2025-06-30T00:01:00Z", ZombieOutcome.TooYoung, "listed 1 day (too young to judge: under 14 days)")]
    [InlineData("2025-06-30T00:01:00Z", null, "2025-06-30T23:59:00Z", ZombieOutcome.TooYoung, "listed 0 days (too young to judge: under 14 days)")]
    [InlineData("2025-07-02T00:00:00Z", null, "2025-06-30T12:00:00Z", ZombieOutcome.TooYoung, "listed 0 days (too young to judge: under 14 days)")]
    [InlineData("2025-03-01T12:00:00Z", "2025-05-01T23:59:00Z", "2025-06-30T00:01:00Z", ZombieOutcome.Zombie, "listed 121 days, 3 views in 30 days, 0 watchers, 450 impressions in 30 days")]
    [InlineData("2025-03-01T12:00:00Z", "2025-05-02T00:00:00Z", "2025-06-30T23:59:00Z", ZombieOutcome.SoldRecently, "sold 59 days ago (within 60 days)")]
    public void Days_are_counted_in_whole_UTC_calendar_days(string listedAt, string? lastSaleAt, string now, ZombieOutcome outcome, string reasons)
    {
        var facts = Facts() with { ListedAt = At(listedAt), LastSaleAt = lastSaleAt is null ? null : At(lastSaleAt) };

        var verdict = Defaults.Judge(facts, At(now));

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(reasons, verdict.Reasons);
    }

    [Fact]
    public void The_defaults_are_those_of_the_issue_under_the_Zombies_section()
    {
        var rules = new ZombieRules();

        Assert.Equal("Zombies", ZombieRules.SectionName);
        Assert.Equal(
            (60, 10, 60, 14, 100, 0.01m),
            (rules.MinimumDaysListed, rules.MaximumViews, rules.NoSaleDays, rules.GraceDays, rules.FewImpressions, rules.LowClickThrough));
    }

    [Theory]
    [InlineData(nameof(ZombieRules.MinimumDaysListed), 0)]
    [InlineData(nameof(ZombieRules.MaximumViews), -1)]
    [InlineData(nameof(ZombieRules.NoSaleDays), -1)]
    [InlineData(nameof(ZombieRules.GraceDays), -1)]
    [InlineData(nameof(ZombieRules.FewImpressions), -1)]
    [InlineData(nameof(ZombieRules.LowClickThrough), -0.01)]
    [InlineData(nameof(ZombieRules.LowClickThrough), 1.01)]
    public void Thresholds_that_make_no_sense_are_refused_by_name(string threshold, double value)
    {
        var rules = new ZombieRules();
        switch (threshold)
        {
            case nameof(ZombieRules.MinimumDaysListed): rules.MinimumDaysListed = (int)value; break;
            case nameof(ZombieRules.MaximumViews): rules.MaximumViews = (int)value; break;
            case nameof(ZombieRules.NoSaleDays): rules.NoSaleDays = (int)value; break;
            case nameof(ZombieRules.GraceDays): rules.GraceDays = (int)value; break;
            case nameof(ZombieRules.FewImpressions): rules.FewImpressions = (int)value; break;
            case nameof(ZombieRules.LowClickThrough): rules.LowClickThrough = (decimal)value; break;
        }

        var refusal = Assert.Throws<ArgumentOutOfRangeException>(() => new ZombieScorer(rules));

        Assert.Equal(threshold, refusal.ParamName);
        Assert.StartsWith($"Zombies:{threshold} must be", refusal.Message);
    }

    [Fact]
    public void Changing_the_rules_after_the_scorer_is_made_changes_nothing()
    {
        var rules = new ZombieRules();
        var scorer = new ZombieScorer(rules);

        rules.MinimumDaysListed = 100;

        Assert.True(scorer.Judge(Facts(daysListed: 60), Now).IsZombie);
    }
}

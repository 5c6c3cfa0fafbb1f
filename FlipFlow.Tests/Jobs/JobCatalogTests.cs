using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;

namespace FlipFlow.Tests.Jobs;

public sealed class JobCatalogTests
{
    private static JobCatalog Catalog(Dictionary<string, string?> settings) =>
        new([new JobRegistration(HistoryCleanupWork.Definition, typeof(HistoryCleanupWork)),
             new JobRegistration(DatabaseMaintenanceWork.Definition, typeof(DatabaseMaintenanceWork))],
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void Jobs_take_their_default_schedule_unless_appsettings_overrides_or_disables_it()
    {
        var catalog = Catalog(new()
        {
            ["Jobs:history-cleanup:Cron"] = "0 0/5 * * * ?",
            ["Jobs:database-maintenance:Enabled"] = "false",
        });

        var cleanup = catalog.Get("HISTORY-cleanup");
        Assert.Equal("0 0/5 * * * ?", cleanup.Cron);
        Assert.True(cleanup.Enabled);
        var maintenance = catalog.Get("database-maintenance");
        Assert.Equal(DatabaseMaintenanceWork.Definition.DefaultCron, maintenance.Cron);
        Assert.False(maintenance.Enabled);
    }

    [Fact]
    public void A_bad_cron_in_appsettings_stops_start_up_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog(new() { ["Jobs:history-cleanup:Cron"] = "every day" }));
        Assert.Contains("Jobs:history-cleanup:Cron", error.Message);
    }

    [Fact]
    public void An_unknown_job_is_refused_with_the_known_ids()
    {
        var error = Assert.Throws<UnknownJobException>(() => Catalog([]).Get("nope"));
        Assert.Contains("history-cleanup", error.Message);
        Assert.Contains("database-maintenance", error.Message);
    }

    [Fact]
    public void Next_fire_times_follow_the_schedule_in_UTC()
    {
        var after = new DateTimeOffset(2026, 11, 22, 23, 50, 0, TimeSpan.Zero);
        var times = CronSchedule.NextFireTimes("0 10 0 * * ?", after, 5);
        Assert.Equal(5, times.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 10, 0, TimeSpan.Zero), times[0]);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromDays(1), pair.Second - pair.First));
    }

    [Theory]
    [InlineData("0 0/15 * * * ?", true)]
    [InlineData("0 61 * * * ?", false)]
    [InlineData("banana", false)]
    [InlineData("", false)]
    public void Cron_expressions_are_validated_with_a_reason(string cron, bool valid)
    {
        var problem = CronSchedule.Validate(cron);
        Assert.Equal(valid, problem is null);
    }
}

using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Jobs;

[Trait("Category", "Integration")]
public sealed class JobHistoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Now);
    private TestDatabase database = default!;
    private IHost host = default!;
    private JobHistory History => host.Services.GetRequiredService<JobHistory>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private async Task<JobRun> RunAsync(string job, JobOutcome outcome, TimeSpan ago, JobTrigger trigger = JobTrigger.Schedule, string node = "node-a")
    {
        var run = new JobRun
        {
            Id = Guid.NewGuid(), JobId = job, Node = node, Trigger = trigger, Outcome = outcome,
            StartedAt = Now - ago, FinishedAt = outcome == JobOutcome.Running ? null : Now - ago + TimeSpan.FromSeconds(2),
        };
        run.ChainId = run.Id;
        await History.StartAsync(run);
        return run;
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_filtered_and_paged_on_the_server()
    {
        for (var i = 0; i < 30; i++)
        {
            await RunAsync("cleanup", i % 3 == 0 ? JobOutcome.Failed : JobOutcome.Succeeded, TimeSpan.FromMinutes(i), i % 5 == 0 ? JobTrigger.Manual : JobTrigger.Schedule);
        }
        await RunAsync("maintenance", JobOutcome.Succeeded, TimeSpan.FromMinutes(1));

        var first = await History.QueryAsync(new JobRunQuery("cleanup", Take: 10));
        Assert.Equal(30, first.Total);
        Assert.Equal(10, first.Runs.Count);
        Assert.Equal(Now, first.Runs[0].StartedAt);
        Assert.True(first.Runs.Zip(first.Runs.Skip(1)).All(pair => pair.First.StartedAt > pair.Second.StartedAt));

        var third = await History.QueryAsync(new JobRunQuery("cleanup", Skip: 20, Take: 10));
        Assert.Equal(Now - TimeSpan.FromMinutes(20), third.Runs[0].StartedAt);

        Assert.Equal(10, (await History.QueryAsync(new JobRunQuery("cleanup", Outcome: JobOutcome.Failed))).Total);
        Assert.Equal(6, (await History.QueryAsync(new JobRunQuery("cleanup", Trigger: JobTrigger.Manual))).Total);
        var window = await History.QueryAsync(new JobRunQuery("cleanup", From: Now - TimeSpan.FromMinutes(9), To: Now - TimeSpan.FromMinutes(4)));
        Assert.Equal(5, window.Total);
    }

    [Fact]
    public async Task Counters_count_what_runs_now_and_what_ended_in_the_last_day()
    {
        await RunAsync("a", JobOutcome.Running, TimeSpan.FromSeconds(5));
        await RunAsync("a", JobOutcome.Retrying, TimeSpan.FromHours(30));
        await RunAsync("a", JobOutcome.Succeeded, TimeSpan.FromHours(2));
        await RunAsync("a", JobOutcome.Succeeded, TimeSpan.FromHours(25));
        await RunAsync("a", JobOutcome.Failed, TimeSpan.FromHours(23));

        Assert.Equal(new JobCounters(Running: 1, Retrying: 1, SucceededLastDay: 1, FailedLastDay: 1), await History.CountersAsync());
    }

    [Fact]
    public async Task Retention_keeps_recent_runs_and_failures_longer_than_successes()
    {
        var keptSuccess = await RunAsync("a", JobOutcome.Succeeded, TimeSpan.FromDays(29));
        await RunAsync("a", JobOutcome.Succeeded, TimeSpan.FromDays(31));
        var keptFailure = await RunAsync("a", JobOutcome.Failed, TimeSpan.FromDays(60));
        await RunAsync("a", JobOutcome.Failed, TimeSpan.FromDays(91));
        var running = await RunAsync("a", JobOutcome.Running, TimeSpan.FromDays(100));

        var deleted = await History.DeleteFinishedAsync(Now - TimeSpan.FromDays(30), Now - TimeSpan.FromDays(90));

        Assert.Equal(2, deleted);
        var left = (await History.QueryAsync(new JobRunQuery("a"))).Runs.Select(run => run.Id).ToHashSet();
        Assert.Equal(new HashSet<Guid> { keptSuccess.Id, keptFailure.Id, running.Id }, left);
    }

    [Fact]
    public async Task Runs_left_running_by_a_gone_process_become_Interrupted_and_others_stay()
    {
        var orphan = await RunAsync("a", JobOutcome.Running, TimeSpan.FromMinutes(3), node: "gone");
        var alive = await RunAsync("a", JobOutcome.Running, TimeSpan.FromMinutes(1), node: "alive");

        var interrupted = await History.InterruptRunsAsync(run => run.Node == "gone");

        Assert.Equal([orphan.Id], interrupted.Select(run => run.Id));
        Assert.Equal(JobOutcome.Interrupted, (await History.FindAsync(orphan.Id))!.Outcome);
        Assert.Equal(Now, (await History.FindAsync(orphan.Id))!.FinishedAt);
        Assert.Equal(JobOutcome.Running, (await History.FindAsync(alive.Id))!.Outcome);
    }
}

using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using RetryPolicy = FlipFlow.Domain.Jobs.RetryPolicy;

namespace FlipFlow.Tests.Jobs;

[Trait("Category", "Integration")]
public sealed class JobEngineTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private readonly ScriptedPlan plan = new();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        using var host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    /// <summary>A process of FlipFlow's services with the scripted job in its catalogue; the scheduler is started on request.</summary>
    private IHost Host(RetryPolicy? retry = null, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        TestHost.Build(database, clock, services =>
        {
            services.AddSingleton(plan);
            services.AddFlipFlowJob<ScriptedWork>(ScriptedWork.Definition(retry ?? RetryPolicy.None));
        }, settings);

    private static async Task<IScheduler> StartAsync(IHost host)
    {
        await host.Services.GetRequiredService<JobScheduleSync>().EnsureAsync();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        return scheduler;
    }

    private static async Task<JobRun> WaitForAsync(IHost host, Func<IReadOnlyList<JobRun>, JobRun?> pick, Guid chainId, string what)
    {
        var history = host.Services.GetRequiredService<JobHistory>();
        for (var i = 0; i < 200; i++)
        {
            if (pick(await history.AttemptsAsync(chainId)) is { } run)
            {
                return run;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Waited 20 s for {what}; attempts: " +
            string.Join(", ", (await history.AttemptsAsync(chainId)).Select(run => $"{run.Attempt}:{run.Outcome}")));
    }

    private static Task<JobRun> WaitForEndAsync(IHost host, Guid runId) =>
        WaitForAsync(host, attempts => attempts.SingleOrDefault(run => run.Id == runId) is { Outcome: not (JobOutcome.Running or JobOutcome.Retrying) } done ? done : null,
            runId, $"run {runId} to end");

    [Fact]
    public async Task A_triggered_job_runs_now_and_leaves_a_Succeeded_run_with_its_log_and_summary()
    {
        using var host = Host();
        var scheduler = await StartAsync(host);
        try
        {
            var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerAsync(HistoryCleanupWork.Definition.Id);
            var run = await WaitForEndAsync(host, runId);

            Assert.Equal(JobOutcome.Succeeded, run.Outcome);
            Assert.Equal(JobTrigger.Manual, run.Trigger);
            Assert.Equal((1, 5), (run.Attempt, run.MaxAttempts));
            Assert.Equal("deleted 0 runs", run.Summary);
            Assert.Equal(await host.Services.GetRequiredService<JobNode>().NameAsync(), run.Node);
            Assert.StartsWith(Environment.MachineName, run.Node);
            Assert.Contains("Attempt 1 of 5 started by manual", run.Log);
            Assert.Contains("Keeping successes for 30 days", run.Log);
            Assert.NotNull(run.FinishedAt);
        }
        finally
        {
            await scheduler.Shutdown(true);
        }
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_exponential_backoff_under_the_scheduler_clock_then_Failed()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var host = Host(new RetryPolicy(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)), clock);
        plan.Steps.Enqueue(Step.Fail);
        plan.Steps.Enqueue(Step.Fail);
        plan.Steps.Enqueue(Step.Fail);
        var scheduler = await StartAsync(host);
        try
        {
            var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerAsync(ScriptedWork.Id);
            var first = await WaitForAsync(host, attempts => attempts.FirstOrDefault(run => run.Outcome == JobOutcome.Retrying), runId, "attempt 1 to fail");
            Assert.Equal(1, first.Attempt);

            // The first retry waits a minute, give or take a fifth: not at 40 s, by 75 s.
            clock.Advance(TimeSpan.FromSeconds(40));
            await Task.Delay(1500);
            Assert.Single(await host.Services.GetRequiredService<JobHistory>().AttemptsAsync(runId));
            clock.Advance(TimeSpan.FromSeconds(35));
            await WaitForAsync(host, attempts => attempts.FirstOrDefault(run => run.Attempt == 2 && run.Outcome == JobOutcome.Retrying), runId, "attempt 2 to fail");

            // The second waits twice as long: not after 90 s more, by 150 s.
            clock.Advance(TimeSpan.FromSeconds(90));
            await Task.Delay(1500);
            Assert.Equal(2, (await host.Services.GetRequiredService<JobHistory>().AttemptsAsync(runId)).Count);
            clock.Advance(TimeSpan.FromSeconds(60));
            var last = await WaitForAsync(host, attempts => attempts.FirstOrDefault(run => run.Attempt == 3 && run.Outcome == JobOutcome.Failed), runId, "attempt 3 to fail");

            var attempts = await host.Services.GetRequiredService<JobHistory>().AttemptsAsync(runId);
            Assert.Equal([1, 2, 3], attempts.Select(run => run.Attempt));
            Assert.All(attempts, run => Assert.Equal(JobOutcome.Failed, run.Outcome));
            Assert.All(attempts, run => Assert.Equal(3, run.MaxAttempts));
            Assert.Equal([JobTrigger.Manual, JobTrigger.Retry, JobTrigger.Retry], attempts.Select(run => run.Trigger));
            Assert.Equal("scripted failure at attempt 3", last.Error);
            Assert.Contains("InvalidOperationException", last.StackTrace);
            Assert.Equal(0, (await host.Services.GetRequiredService<JobHistory>().CountersAsync()).Retrying);
        }
        finally
        {
            await scheduler.Shutdown(true);
        }
    }

    [Fact]
    public async Task A_failed_run_can_be_retried_by_hand_as_the_next_attempt_of_the_same_run()
    {
        using var host = Host();
        plan.Steps.Enqueue(Step.Fail);
        var scheduler = await StartAsync(host);
        try
        {
            var jobs = host.Services.GetRequiredService<IJobScheduler>();
            var runId = await jobs.TriggerAsync(ScriptedWork.Id);
            Assert.Equal(JobOutcome.Failed, (await WaitForEndAsync(host, runId)).Outcome);

            var retryId = await jobs.RetryAsync(runId);
            var retry = await WaitForAsync(host, attempts => attempts.SingleOrDefault(run => run.Id == retryId && run.Outcome == JobOutcome.Succeeded), runId, "the retry to succeed");

            Assert.Equal((2, JobTrigger.Retry), (retry.Attempt, retry.Trigger));
            Assert.Equal(runId, retry.ChainId);
            await Assert.ThrowsAsync<JobOperationException>(() => jobs.RetryAsync(retryId));
        }
        finally
        {
            await scheduler.Shutdown(true);
        }
    }

    [Fact]
    public async Task A_running_run_can_be_cancelled_and_is_recorded_Cancelled()
    {
        using var host = Host();
        plan.Steps.Enqueue(Step.RunUntilCancelled);
        var scheduler = await StartAsync(host);
        try
        {
            var jobs = host.Services.GetRequiredService<IJobScheduler>();
            var runId = await jobs.TriggerAsync(ScriptedWork.Id);
            await plan.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await WaitForAsync(host, attempts => attempts.FirstOrDefault(run => run.Outcome == JobOutcome.Running), runId, "the run to be recorded running");

            Assert.True(await jobs.CancelAsync(runId));

            var run = await WaitForEndAsync(host, runId);
            Assert.Equal(JobOutcome.Cancelled, run.Outcome);
            Assert.Contains("Cancelled on request", run.Log);
            Assert.False(await jobs.CancelAsync(runId));
        }
        finally
        {
            await scheduler.Shutdown(true);
        }
    }

    [Fact]
    public async Task A_pause_is_stored_and_survives_a_restart_until_resumed()
    {
        using (var first = Host())
        {
            var jobs = first.Services.GetRequiredService<IJobScheduler>();
            Assert.False((await jobs.GetAsync(HistoryCleanupWork.Definition.Id)).Paused);
            await jobs.PauseAsync(HistoryCleanupWork.Definition.Id);
            var paused = await jobs.GetAsync(HistoryCleanupWork.Definition.Id);
            Assert.True(paused.Paused);
            Assert.Null(paused.NextFireAt);
        }
        using (var second = Host())
        {
            var jobs = second.Services.GetRequiredService<IJobScheduler>();
            Assert.True((await jobs.GetAsync(HistoryCleanupWork.Definition.Id)).Paused);
            Assert.False((await jobs.GetAsync(DatabaseMaintenanceWork.Definition.Id)).Paused);
            await jobs.ResumeAsync(HistoryCleanupWork.Definition.Id);
        }
        using (var third = Host())
        {
            var status = await third.Services.GetRequiredService<IJobScheduler>().GetAsync(HistoryCleanupWork.Definition.Id);
            Assert.False(status.Paused);
            Assert.NotNull(status.NextFireAt);
        }
    }

    [Fact]
    public async Task Rescheduling_validates_keeps_a_pause_and_outlives_the_configured_schedule()
    {
        using (var first = Host())
        {
            var jobs = first.Services.GetRequiredService<IJobScheduler>();
            var error = await Assert.ThrowsAsync<JobOperationException>(() => jobs.RescheduleAsync(HistoryCleanupWork.Definition.Id, "every day"));
            Assert.Contains("every day", error.Message);

            await jobs.PauseAsync(HistoryCleanupWork.Definition.Id);
            var changed = await jobs.RescheduleAsync(HistoryCleanupWork.Definition.Id, "0 0/5 * * * ?");
            Assert.Equal("0 0/5 * * * ?", changed.Cron);
            Assert.Equal("Every 5 minutes", changed.CronInWords);
            Assert.True(changed.Paused);
        }
        using var second = Host(settings: new Dictionary<string, string?> { ["Jobs:history-cleanup:Cron"] = "0 0 1 * * ?" });
        var kept = await second.Services.GetRequiredService<IJobScheduler>().GetAsync(HistoryCleanupWork.Definition.Id);
        Assert.Equal("0 0/5 * * * ?", kept.Cron);
        Assert.True(kept.Paused);
    }

    [Fact]
    public async Task A_schedule_changed_in_appsettings_applies_at_the_next_start_and_a_switched_off_job_loses_its_schedule()
    {
        using (var first = Host())
        {
            Assert.Equal(DatabaseMaintenanceWork.Definition.DefaultCron,
                (await first.Services.GetRequiredService<IJobScheduler>().GetAsync(DatabaseMaintenanceWork.Definition.Id)).Cron);
        }
        using var second = Host(settings: new Dictionary<string, string?>
        {
            ["Jobs:database-maintenance:Cron"] = "0 0 4 * * ?",
            ["Jobs:history-cleanup:Enabled"] = "false",
        });
        var jobs = second.Services.GetRequiredService<IJobScheduler>();
        var maintenance = await jobs.GetAsync(DatabaseMaintenanceWork.Definition.Id);
        Assert.Equal("0 0 4 * * ?", maintenance.Cron);
        var cleanup = await jobs.GetAsync(HistoryCleanupWork.Definition.Id);
        Assert.False(cleanup.Enabled);
        Assert.Null(cleanup.NextFireAt);
        await Assert.ThrowsAsync<JobOperationException>(() => jobs.PauseAsync(HistoryCleanupWork.Definition.Id));
    }
}

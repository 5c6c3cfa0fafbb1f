using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

    /// <summary>A process of FlipFlow's services with the scripted job in its catalogue; its job servers are started on request.</summary>
    private IHost Host(RetryPolicy? retry = null, IReadOnlyDictionary<string, string?>? settings = null, LogCapture? logs = null) =>
        TestHost.Build(database, null, services =>
        {
            services.AddSingleton(plan);
            services.AddFlipFlowJob<ScriptedWork>(ScriptedWork.Definition(retry ?? RetryPolicy.None));
            if (logs is not null)
            {
                services.AddLogging(logging => logging.AddProvider(logs));
            }
        }, settings);

    private static async Task<JobServers> StartAsync(IHost host)
    {
        var servers = host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
        return servers;
    }

    private static RecurringJobDto? Recurring(IHost host, string jobId)
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs([jobId]).SingleOrDefault(job => !job.Removed);
    }

    private static Task<T> EventuallyAsync<T>(Func<T?> probe, TimeSpan within, string what) where T : class =>
        Poll.UntilAsync(() => Task.FromResult(probe()), within, what);

    private static Task<JobRun> WaitForAsync(IHost host, Func<IReadOnlyList<JobRun>, JobRun?> pick, Guid chainId, string what)
    {
        var history = host.Services.GetRequiredService<JobHistory>();
        return Poll.UntilAsync(async () => pick(await history.AttemptsAsync(chainId)), TimeSpan.FromSeconds(20), what,
            async () => "attempts: " + string.Join(", ", (await history.AttemptsAsync(chainId)).Select(run => $"{run.Attempt}:{run.Outcome}")));
    }

    private static Task<JobRun> WaitForEndAsync(IHost host, Guid runId) =>
        WaitForAsync(host, attempts => attempts.SingleOrDefault(run => run.Id == runId) is { Outcome: not (JobOutcome.Running or JobOutcome.Retrying) } done ? done : null,
            runId, $"run {runId} to end");

    [Fact]
    public async Task A_triggered_job_runs_now_and_leaves_a_Succeeded_run_with_its_log_and_summary()
    {
        using var host = Host();
        var servers = await StartAsync(host);
        try
        {
            var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerAsync(HistoryCleanupWork.Definition.Id);
            var run = await WaitForEndAsync(host, runId);

            Assert.Equal(JobOutcome.Succeeded, run.Outcome);
            Assert.Equal(JobTrigger.Manual, run.Trigger);
            Assert.Equal((1, 5), (run.Attempt, run.MaxAttempts));
            Assert.Equal("deleted 0 runs and 0 failed Hangfire jobs", run.Summary);
            Assert.Equal(host.Services.GetRequiredService<JobNode>().Name, run.Node);
            Assert.NotNull(run.FireInstanceId);
            Assert.StartsWith(Environment.MachineName, run.Node);
            Assert.Contains("Attempt 1 of 5 started by manual", run.Log);
            Assert.Contains("Keeping successes for 30 days", run.Log);
            Assert.NotNull(run.FinishedAt);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_triggered_job_is_created_with_its_run_chain_so_no_attempt_writes_it_while_running()
    {
        using var host = Host();
        var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerAsync(ScriptedWork.Id);

        var storage = host.Services.GetRequiredService<JobStorage>();
        var waiting = Assert.Single(storage.GetMonitoringApi().EnqueuedJobs(JobQueues.Catalogue, 0, 10));
        using var connection = storage.GetConnection();
        Assert.Equal(runId.ToString(), Hangfire.Common.SerializationHelper.Deserialize<string>(connection.GetJobParameter(waiting.Key, JobRunRecorder.ChainIdKey)));
    }

    [Fact]
    public async Task A_failing_job_is_retried_by_AutomaticRetry_as_one_chain_then_Failed_with_event_9001()
    {
        // Hangfire keeps real time: a 1 s policy keeps the test short (1 s, then 2 s, each give or take a fifth).
        var logs = new LogCapture();
        using var host = Host(new RetryPolicy(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), logs: logs);
        plan.Steps.Enqueue(Step.Fail);
        plan.Steps.Enqueue(Step.Fail);
        plan.Steps.Enqueue(Step.Fail);
        var servers = await StartAsync(host);
        try
        {
            var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerAsync(ScriptedWork.Id);
            var first = await WaitForAsync(host, attempts => attempts.FirstOrDefault(run => run.Outcome == JobOutcome.Retrying), runId, "attempt 1 to fail");
            Assert.Equal(1, first.Attempt);
            Assert.DoesNotContain(logs.Entries, entry => entry.EventId.Id == 9001);

            var last = await WaitForAsync(host, attempts => attempts.FirstOrDefault(run => run.Attempt == 3 && run.Outcome == JobOutcome.Failed), runId, "attempt 3 to fail");

            var attempts = await host.Services.GetRequiredService<JobHistory>().AttemptsAsync(runId);
            Assert.Equal([1, 2, 3], attempts.Select(run => run.Attempt));
            Assert.All(attempts, run => Assert.Equal(JobOutcome.Failed, run.Outcome));
            Assert.All(attempts, run => Assert.Equal(3, run.MaxAttempts));
            Assert.All(attempts, run => Assert.Equal(first.FireInstanceId, run.FireInstanceId));
            Assert.Equal([JobTrigger.Manual, JobTrigger.Retry, JobTrigger.Retry], attempts.Select(run => run.Trigger));
            Assert.Equal("scripted failure at attempt 3", last.Error);
            Assert.Contains("InvalidOperationException", last.StackTrace);
            Assert.Equal(0, (await host.Services.GetRequiredService<JobHistory>().CountersAsync()).Retrying);
            var alert = Assert.Single(logs.Entries, entry => entry.EventId.Id == 9001);
            Assert.Equal(("JobFailed", LogLevel.Error), (alert.EventId.Name, alert.Level));
            Assert.Equal(Hangfire.States.FailedState.StateName,
                await EventuallyAsync(() => host.Services.GetRequiredService<JobStorage>().GetConnection().GetStateData(last.FireInstanceId!)?.Name is "Failed" ? "Failed" : null,
                    TimeSpan.FromSeconds(5), "the Hangfire job to be Failed"));
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_failed_run_can_be_retried_by_hand_as_the_next_attempt_of_the_same_run()
    {
        using var host = Host();
        plan.Steps.Enqueue(Step.Fail);
        var servers = await StartAsync(host);
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
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_running_run_can_be_cancelled_and_is_recorded_Cancelled()
    {
        using var host = Host();
        plan.Steps.Enqueue(Step.RunUntilCancelled);
        var servers = await StartAsync(host);
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
            await servers.StopAsync();
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
            Assert.Equal(Cron.Never(), Recurring(first, HistoryCleanupWork.Definition.Id)?.Cron);
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
            Assert.Equal(HistoryCleanupWork.Definition.DefaultCron, Recurring(third, HistoryCleanupWork.Definition.Id)?.Cron);
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

    [Fact]
    public async Task A_paused_job_shows_Cron_Never_on_Hangfire_and_Trigger_now_still_runs_it()
    {
        using var host = Host();
        var jobs = host.Services.GetRequiredService<IJobScheduler>();
        await jobs.PauseAsync(ScriptedWork.Id);
        Assert.Equal(Cron.Never(), Recurring(host, ScriptedWork.Id)?.Cron);
        Assert.Null(Recurring(host, ScriptedWork.Id)?.NextExecution);
        var servers = await StartAsync(host);
        try
        {
            // Trigger now on the dashboard (the recurring job manager) runs it, and the run says a person started it.
            host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(ScriptedWork.Id);
            var run = await EventuallyAsync(() => host.Services.GetRequiredService<JobHistory>().QueryAsync(new JobRunQuery(ScriptedWork.Id)).GetAwaiter().GetResult()
                .Runs.FirstOrDefault(candidate => candidate.Outcome == JobOutcome.Succeeded), TimeSpan.FromSeconds(20), "the triggered run");
            Assert.Equal(JobTrigger.Manual, run.Trigger);
            Assert.True((await jobs.GetAsync(ScriptedWork.Id)).Paused);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_recurring_job_deleted_on_the_dashboard_comes_back_at_the_next_schedule_check()
    {
        using var host = Host();
        await host.Services.GetRequiredService<IJobScheduler>().PauseAsync(DatabaseMaintenanceWork.Definition.Id);
        var servers = await StartAsync(host);
        try
        {
            host.Services.GetRequiredService<IRecurringJobManagerV2>().RemoveIfExists(DatabaseMaintenanceWork.Definition.Id);
            Assert.Null(Recurring(host, DatabaseMaintenanceWork.Definition.Id));

            // Written whole by the next schedule check (every 5 s; the wait allows for a loaded machine), with the schedule that never fires.
            var back = await EventuallyAsync(() => Recurring(host, DatabaseMaintenanceWork.Definition.Id) is { Cron: not null } job ? job : null,
                TimeSpan.FromSeconds(30), "the recurring job to come back");
            Assert.Equal(Cron.Never(), back.Cron);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_pause_from_another_process_takes_effect_here_within_5_seconds()
    {
        using var here = Host(settings: new Dictionary<string, string?> { ["Jobs:scripted:Cron"] = "*/2 * * * * *" });
        var servers = await StartAsync(here);
        try
        {
            await WaitForScheduledRunsAsync(here, 1);
            using (var other = Host(settings: new Dictionary<string, string?> { ["Jobs:scripted:Cron"] = "*/2 * * * * *" }))
            {
                await other.Services.GetRequiredService<IJobScheduler>().PauseAsync(ScriptedWork.Id);
            }
            // A fire already under way may still start; after 5 s none does.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var before = await ScheduledRunsAsync(here);
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(before, await ScheduledRunsAsync(here));
            Assert.True((await here.Services.GetRequiredService<IJobScheduler>().GetAsync(ScriptedWork.Id)).Paused);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    private static async Task<int> ScheduledRunsAsync(IHost host) =>
        (await host.Services.GetRequiredService<JobHistory>().QueryAsync(new JobRunQuery(ScriptedWork.Id, Trigger: JobTrigger.Schedule))).Total;

    private static Task WaitForScheduledRunsAsync(IHost host, int count) =>
        Poll.UntilAsync(async () => await ScheduledRunsAsync(host) >= count, TimeSpan.FromSeconds(10), $"{count} runs on the job's schedule");

    [Fact]
    public async Task A_blocked_fire_of_a_job_that_does_not_overlap_is_skipped()
    {
        var logs = new LogCapture();
        using var host = Host(logs: logs);
        plan.Steps.Enqueue(Step.RunUntilCancelled);
        var servers = await StartAsync(host);
        try
        {
            var jobs = host.Services.GetRequiredService<IJobScheduler>();
            var first = await jobs.TriggerAsync(ScriptedWork.Id);
            await plan.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await jobs.TriggerAsync(ScriptedWork.Id);

            await EventuallyAsync(() => logs.Entries.FirstOrDefault(entry => entry.Message.Contains("Skipped a run of scripted", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(20), "the second fire to be skipped");
            Assert.Equal(1, plan.Performed);
            Assert.Single((await host.Services.GetRequiredService<JobHistory>().QueryAsync(new JobRunQuery(ScriptedWork.Id))).Runs);
            Assert.True(await jobs.CancelAsync(first));
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_job_running_three_times_longer_than_the_invisibility_timeout_runs_once()
    {
        using var host = Host(settings: new Dictionary<string, string?> { ["Jobs:InvisibilityTimeoutSeconds"] = "3" });
        plan.Steps.Enqueue(Step.RunLong);
        var servers = await StartAsync(host);
        try
        {
            var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerAsync(ScriptedWork.Id);
            var run = await WaitForEndAsync(host, runId);

            Assert.Equal(JobOutcome.Succeeded, run.Outcome);
            Assert.Equal(1, plan.Performed);
            Assert.Single((await host.Services.GetRequiredService<JobHistory>().QueryAsync(new JobRunQuery(ScriptedWork.Id))).Runs);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task History_cleanup_also_deletes_the_Hangfire_jobs_that_failed_before_KeepFailedDays()
    {
        using var host = Host(settings: new Dictionary<string, string?> { ["Jobs:KeepFailedDays"] = "0" });
        plan.Steps.Enqueue(Step.Fail);
        var servers = await StartAsync(host);
        try
        {
            var jobs = host.Services.GetRequiredService<IJobScheduler>();
            var failed = await WaitForEndAsync(host, await jobs.TriggerAsync(ScriptedWork.Id));
            var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            await EventuallyAsync(() => monitoring.FailedCount() == 1 ? "" : null, TimeSpan.FromSeconds(5), "the Hangfire job to be Failed");

            var cleanup = await WaitForEndAsync(host, await jobs.TriggerAsync(HistoryCleanupWork.Definition.Id));

            Assert.Equal(JobOutcome.Failed, failed.Outcome);
            Assert.Equal("deleted 1 runs and 1 failed Hangfire jobs", cleanup.Summary);
            Assert.Equal(0, monitoring.FailedCount());
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task Resuming_runs_the_job_at_its_next_fire_time_not_a_burst_of_missed_fires()
    {
        var everyTwoSeconds = new Dictionary<string, string?> { ["Jobs:scripted:Cron"] = "*/2 * * * * *" };
        using var host = Host(settings: everyTwoSeconds);
        var jobs = host.Services.GetRequiredService<IJobScheduler>();
        await jobs.PauseAsync(ScriptedWork.Id);
        var servers = await StartAsync(host);
        try
        {
            // Five fires are missed while paused.
            await Task.Delay(TimeSpan.FromSeconds(10));
            Assert.Equal(0, await ScheduledRunsAsync(host));

            await jobs.ResumeAsync(ScriptedWork.Id);
            await WaitForScheduledRunsAsync(host, 1);
            await Task.Delay(TimeSpan.FromSeconds(1));

            // The first fire after the resume, and perhaps the next: never the missed ones at once.
            Assert.InRange(await ScheduledRunsAsync(host), 1, 2);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task Two_test_hosts_in_one_process_keep_their_own_storage_and_history()
    {
        await using var otherDatabase = await TestDatabase.CreateAsync();
        using (var migrate = TestHost.Build(otherDatabase))
        {
            await migrate.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        }
        using var one = Host();
        using var other = TestHost.Build(otherDatabase);
        var oneServers = await StartAsync(one);
        var otherServers = await StartAsync(other);
        try
        {
            var oneRun = await WaitForEndAsync(one, await one.Services.GetRequiredService<IJobScheduler>().TriggerAsync(ScriptedWork.Id));
            var otherRun = await WaitForEndAsync(other, await other.Services.GetRequiredService<IJobScheduler>().TriggerAsync(HistoryCleanupWork.Definition.Id));

            Assert.Equal((JobOutcome.Succeeded, JobOutcome.Succeeded), (oneRun.Outcome, otherRun.Outcome));
            Assert.Equal([ScriptedWork.Id], (await one.Services.GetRequiredService<JobHistory>().QueryAsync(new JobRunQuery())).Runs.Select(run => run.JobId));
            Assert.Equal([HistoryCleanupWork.Definition.Id],
                (await other.Services.GetRequiredService<JobHistory>().QueryAsync(new JobRunQuery())).Runs.Select(run => run.JobId));
            Assert.NotSame(one.Services.GetRequiredService<JobStorage>(), other.Services.GetRequiredService<JobStorage>());
            // The engine marks a job Succeeded just after the run history records its end: wait for that, not for the clock.
            foreach (var host in new[] { one, other })
            {
                var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
                await Poll.UntilAsync(() => Task.FromResult(monitoring.SucceededListCount() >= 1), TimeSpan.FromSeconds(10), "the engine to mark the run Succeeded");
                Assert.Equal(1, monitoring.SucceededListCount());
            }
        }
        finally
        {
            await oneServers.StopAsync();
            await otherServers.StopAsync();
        }
    }
}

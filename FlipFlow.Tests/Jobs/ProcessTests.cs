using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Jobs;

/// <summary>
/// The job engine in real FlipFlow processes, started with <c>dotnet FlipFlow.Web.dll</c> and killed with
/// SIGKILL: what a deployment does when a node dies, which no in-process host can show.
/// </summary>
public sealed class ProcessTests
{
    private static readonly string Cleanup = HistoryCleanupWork.Definition.Id;

    /// <summary>The cleanup job fires every two seconds in the cluster test.</summary>
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(4);

    [Fact]
    [Trait("Category", "Cluster")]
    public async Task Two_processes_on_PostgreSQL_run_each_fire_once_and_the_survivor_carries_on_when_the_other_is_killed()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var cron = new Dictionary<string, string?> { [$"Jobs:{Cleanup}:Cron"] = "0/2 * * * * ?" };
        using var host = TestHost.Build(database);
        // Migrated and seeded before the nodes start, as `db migrate` and `db seed` do for a deployment: two
        // nodes' first start on an empty database race to create the first Admin, which is not what this tests.
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        // The engine's schema too: two first starts would race to create it.
        _ = host.Services.GetRequiredService<Hangfire.JobStorage>();
        var first = await host.Services.GetRequiredService<AccountBootstrapper>().EnsureFirstAdminAsync()
                    ?? throw new InvalidOperationException("The new database already had an Admin.");
        // /health names a node's instance only to an Admin.
        var admin = (first.Email, first.GeneratedPassword ?? Environment.GetEnvironmentVariable(AccountBootstrapper.PasswordVariable)!);
        var history = host.Services.GetRequiredService<JobHistory>();

        var a = ProcessNode.Start("node-a", NodeSettings(database, "node-a", cron));
        var b = ProcessNode.Start("node-b", NodeSettings(database, "node-b", cron));
        await using (a)
        await using (b)
        {
            await a.WaitUntilHealthyAsync(admin: admin);
            await b.WaitUntilHealthyAsync(admin: admin);
            Assert.NotEqual(a.InstanceId, b.InstanceId);

            // The first runs of a fresh process start late (code loads and compiles); watch warm processes.
            await Task.Delay(Warmup);
            var watchedFrom = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(30));
            var watchedTo = DateTimeOffset.UtcNow;
            var beforeKill = await RunsAsync(history);

            var storage = host.Services.GetRequiredService<Hangfire.JobStorage>();
            var watched = beforeKill.Where(run => run.StartedAt >= watchedFrom && run.StartedAt < watchedTo).ToList();
            // 15 fires in 30 seconds; one at either end may fall outside the window, and a fire the scheduler
            // reaches more than 2 s late (a loaded machine) is skipped, never run twice.
            Assert.True(watched.Count is >= 12 and <= 16, $"{watched.Count} runs in 30 seconds: {Describe(watched)}");
            AssertOneRunPerFire(storage, watched);
            Assert.All(beforeKill, run => Assert.Contains(run.Node, new[] { a.InstanceId, b.InstanceId }));
            Assert.All(beforeKill.Where(run => run.Outcome != JobOutcome.Running), run => Assert.Equal(JobOutcome.Succeeded, run.Outcome));

            // Kill the node that ran the latest fire: it holds the schedule, so the survivor must take it over.
            var (victim, survivor) = beforeKill[0].Node == a.InstanceId ? (a, b) : (b, a);
            victim.Kill();
            var killedAt = DateTimeOffset.UtcNow;

            // Taking over, the survivor first runs what the victim left (a run it cut off); carrying on means
            // firing on schedule again afterwards.
            var afterKill = await WaitForRunsAsync(history, runs => runs.Where(run => run.StartedAt > killedAt).ToList() is { Count: > 0 } since
                    && since.Max(run => run.StartedAt) - since.Min(run => run.StartedAt) >= 2 * Every,
                TimeSpan.FromSeconds(60), $"the survivor to carry on after {victim.Name} was killed", survivor);
            var sinceKill = afterKill.Where(run => run.StartedAt > killedAt).ToList();
            Assert.All(sinceKill, run => Assert.Equal(survivor.InstanceId, run.Node));
            Assert.All(sinceKill.Where(run => run.Outcome != JobOutcome.Running), run => Assert.Equal(JobOutcome.Succeeded, run.Outcome));
            // Every fire, before and after the kill, ran at most once.
            AssertOneRunPerFire(storage, afterKill.Where(run => run.Trigger == JobTrigger.Schedule).ToList());
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task On_SQLite_a_run_cut_off_by_a_killed_process_is_Interrupted_at_the_next_start_and_run_again_only_when_its_job_asks()
    {
        // SQLite has one job-running process, so a restarted process knows at once that every run left Running was
        // cut off; in a cluster that waits until the dead node misses its heartbeats.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = TestHost.Build(database, configure: services => ProcessHeldJobs.Add(services));
        var scheduler = host.Services.GetRequiredService<IJobScheduler>();
        var history = host.Services.GetRequiredService<JobHistory>();

        Guid recoverable, notRecoverable;
        await using (var first = ProcessNode.Start("first", database.Settings, withHeldJobs: true))
        {
            await first.WaitUntilHealthyAsync();
            recoverable = await scheduler.TriggerAsync(ProcessHeldJobs.Recoverable.Id);
            notRecoverable = await scheduler.TriggerAsync(ProcessHeldJobs.NotRecoverable.Id);
            await WaitForAsync(async () => await history.FindAsync(recoverable) is { Outcome: JobOutcome.Running }
                && await history.FindAsync(notRecoverable) is { Outcome: JobOutcome.Running },
                TimeSpan.FromSeconds(30), "both held runs to be running", first);
            first.Kill();
        }
        // Nothing in the killed process could write an ending.
        Assert.Equal(JobOutcome.Running, (await history.FindAsync(recoverable))!.Outcome);
        Assert.Equal(JobOutcome.Running, (await history.FindAsync(notRecoverable))!.Outcome);

        await using var second = ProcessNode.Start("second", database.Settings, withHeldJobs: true);
        await second.WaitUntilHealthyAsync();
        var recovery = await WaitForAsync(async () =>
                (await history.QueryAsync(new JobRunQuery(ProcessHeldJobs.Recoverable.Id, Trigger: JobTrigger.Recovery))).Runs
                    .SingleOrDefault(run => run.Outcome != JobOutcome.Running),
            TimeSpan.FromSeconds(60), "the recovery run to end", second);

        var runs = Describe((await history.QueryAsync(new JobRunQuery())).Runs);
        var cutOff = (await history.FindAsync(recoverable))!;
        Assert.True(cutOff.Outcome == JobOutcome.Interrupted, $"The cut-off run is {cutOff.Outcome}. Runs: {runs}");
        Assert.NotNull(cutOff.FinishedAt);
        Assert.Equal(JobOutcome.Succeeded, recovery.Outcome);
        Assert.Equal(ProcessHeldJobs.HeldWork.RecoveredSummary, recovery.Summary);
        Assert.NotEqual(cutOff.Node, recovery.Node);
        // The recovery is the next attempt of the run the crash cut off, so the console shows them as one run.
        Assert.True((recovery.ChainId, recovery.Attempt) == (cutOff.ChainId, 2), $"The recovery does not continue the cut-off run. Runs: {runs}");

        var plain = await history.QueryAsync(new JobRunQuery(ProcessHeldJobs.NotRecoverable.Id));
        var only = Assert.Single(plain.Runs);
        Assert.Equal((notRecoverable, JobOutcome.Interrupted), (only.Id, only.Outcome));
    }

    /// <summary>The node's own data folder and port; the database and the schedule shared.</summary>
    private static Dictionary<string, string?> NodeSettings(TestDatabase database, string name, IReadOnlyDictionary<string, string?> extra)
    {
        var settings = database.Settings.Concat(extra).ToDictionary();
        settings["FlipFlow:DataFolder"] = Path.Combine(database.DataFolder, name);
        return settings;
    }

    private static async Task<IReadOnlyList<JobRun>> RunsAsync(JobHistory history) =>
        (await history.QueryAsync(new JobRunQuery(Cleanup, Take: 500))).Runs;

    /// <summary>
    /// A fire is the occurrence the recurring job was created for (Hangfire's "Time" parameter of the run's job):
    /// a fire run by both nodes, or a job delivered twice, shows as two runs of one occurrence.
    /// </summary>
    private static void AssertOneRunPerFire(Hangfire.JobStorage storage, IReadOnlyList<JobRun> runs)
    {
        using var connection = storage.GetConnection();
        var twice = runs.GroupBy(run => (run.FireInstanceId is { } job ? connection.GetJobParameter(job, "Time") : null) ?? $"no fire time (run {run.Id})")
            .Where(fire => fire.Count() > 1)
            .Select(fire => $"fire {fire.Key}: {Describe(fire)}")
            .ToList();
        Assert.True(twice.Count == 0, $"One fire ran more than once: {string.Join("; ", twice)}. Runs: {Describe(runs)}");
    }

    private static string Describe(IEnumerable<JobRun> runs) => string.Join(" and ", runs.Select(run =>
        $"{run.JobId} {run.StartedAt:HH:mm:ss.fff} on {run.Node} ({run.Trigger}, attempt {run.Attempt} of chain {run.ChainId.ToString()[..8]}, {run.Outcome})"));

    private static Task<IReadOnlyList<JobRun>> WaitForRunsAsync(JobHistory history, Func<IReadOnlyList<JobRun>, bool> enough,
        TimeSpan limit, string what, ProcessNode node) =>
        WaitForAsync(async () => await RunsAsync(history) is var runs && enough(runs) ? runs : null, limit, what, node);

    private static Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, string what, ProcessNode node) =>
        Poll.UntilAsync(condition, limit, what, () => Task.FromResult(node.Output), TimeSpan.FromMilliseconds(250));

    private static Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan limit, string what, ProcessNode node) where T : class =>
        Poll.UntilAsync(probe, limit, what, () => Task.FromResult(node.Output), TimeSpan.FromMilliseconds(250));
}

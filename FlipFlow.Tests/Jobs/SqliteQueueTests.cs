using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Jobs;

/// <summary>
/// What FlipFlow relies on in Hangfire.Storage.SQLite's queue (table JobQueue, FetchedAt in .NET ticks, 0 when not
/// fetched), and the two things it does with it: renewing a running job's entry, and handing back at start what a
/// stopped process had fetched. An upgrade of the storage that changes the table fails here first.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SqliteQueueTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private readonly ScriptedPlan plan = new();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private IHost Host() => TestHost.Build(database, null, services =>
    {
        services.AddSingleton(plan);
        services.AddFlipFlowJob<ScriptedWork>(ScriptedWork.Definition(RetryPolicy.None));
    });

    private string HangfireFile => Path.Combine(database.DataFolder, HangfireStorageFactory.SqliteFileName);

    private (string Type, long Value)? FetchedAt(string backgroundJobId)
    {
        using var connection = new SqliteConnection($"Data Source={HangfireFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(FetchedAt), FetchedAt FROM JobQueue WHERE JobId = $id";
        command.Parameters.AddWithValue("$id", long.Parse(backgroundJobId, System.Globalization.CultureInfo.InvariantCulture));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    private static Task<JobRun> RunAsync(IHost host, Guid runId, Func<JobRun, bool> done)
    {
        var history = host.Services.GetRequiredService<JobHistory>();
        return Poll.UntilAsync(async () => (await history.AttemptsAsync(runId)).FirstOrDefault(done), TimeSpan.FromSeconds(10), $"run {runId} to get there");
    }

    [Fact]
    public void The_engine_commits_to_its_SQLite_file_without_waiting_for_the_disk_each_time_as_FlipFlow_does()
    {
        using var host = Host();
        var storage = Assert.IsType<Hangfire.Storage.SQLite.SQLiteStorage>(host.Services.GetRequiredService<Hangfire.JobStorage>());
        using var connection = storage.CreateAndOpenConnection();
        // 1 is NORMAL: a commit is safe from a killed process; SQLite's default, FULL (2), waits for the disk at each one.
        Assert.Equal(1, connection.Database.ExecuteScalar<int>("PRAGMA synchronous"));
    }

    [Fact]
    public async Task The_SQLite_queue_keeps_a_fetched_job_in_JobQueue_with_FetchedAt_in_ticks()
    {
        using var host = Host();
        plan.Steps.Enqueue(Step.RunUntilCancelled);
        var servers = host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
        try
        {
            var jobs = host.Services.GetRequiredService<IJobScheduler>();
            var runId = await jobs.TriggerAsync(ScriptedWork.Id);
            var run = await RunAsync(host, runId, candidate => candidate.Outcome == JobOutcome.Running);

            var fetched = FetchedAt(run.FireInstanceId!);
            Assert.NotNull(fetched);
            Assert.Equal("integer", fetched.Value.Type);
            Assert.InRange(new DateTime(fetched.Value.Value, DateTimeKind.Utc), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));

            Assert.True(await jobs.CancelAsync(runId));
            await RunAsync(host, runId, candidate => candidate.Outcome == JobOutcome.Cancelled);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_job_fetched_by_a_process_that_stopped_runs_again_as_soon_as_the_servers_start()
    {
        using var host = Host();
        var runId = await host.Services.GetRequiredService<IJobScheduler>().TriggerAsync(ScriptedWork.Id);
        var backgroundJobId = host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi()
            .EnqueuedJobs(JobQueues.Catalogue, 0, 10).Single().Key;
        // As a process does when it takes the job, just before it is killed: the entry stays hidden for the 60 s timeout.
        using (var connection = new SqliteConnection($"Data Source={HangfireFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE JobQueue SET FetchedAt = $now WHERE JobId = $id";
            command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
            command.Parameters.AddWithValue("$id", long.Parse(backgroundJobId, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var servers = host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
        try
        {
            var run = await RunAsync(host, runId, candidate => candidate.Outcome == JobOutcome.Succeeded);
            Assert.Equal(backgroundJobId, run.FireInstanceId);
        }
        finally
        {
            await servers.StopAsync();
        }
    }
}

using System.Text.Json;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Cli;

/// <summary>
/// The <c>jobs</c> verbs, each invocation in a host of its own as a separate process would have: what one
/// changes, the next one sees after that "restart".
/// </summary>
[Trait("Category", "Integration")]
public sealed class JobCliTests : CliTest
{
    /// <summary>The ids of the job catalogue as the app registers it, so these tests follow the jobs features add.</summary>
    private List<string> CatalogueIds()
    {
        using var host = TestHost.Build(Database);
        return host.Services.GetRequiredService<JobCatalog>().Entries.Select(entry => entry.Definition.Id).Order().ToList();
    }

    private async Task<JsonElement> JobAsync(string id) =>
        (await JsonAsync("jobs", "list", "--json")).EnumerateArray().Single(job => job.GetProperty("id").GetString() == id);

    [Fact]
    public async Task List_shows_the_built_in_jobs_with_their_schedules_unpaused()
    {
        var jobs = await JsonAsync("jobs", "list", "--json");

        // Every job of the catalogue, the built-in ones among them.
        Assert.Equal(CatalogueIds(), jobs.EnumerateArray().Select(job => job.GetProperty("id").GetString()!).Order());
        Assert.Contains("history-cleanup", CatalogueIds());
        Assert.Contains("database-maintenance", CatalogueIds());
        foreach (var job in jobs.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(job.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrEmpty(job.GetProperty("cron").GetString()));
            Assert.StartsWith("Every ", job.GetProperty("cronInWords").GetString());
            Assert.True(job.GetProperty("enabled").GetBoolean());
            Assert.False(job.GetProperty("paused").GetBoolean());
            Assert.True(job.GetProperty("nextFireAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
            Assert.Equal(JsonValueKind.Null, job.GetProperty("lastOutcome").ValueKind);
        }
        var cleanup = jobs.EnumerateArray().Single(job => job.GetProperty("id").GetString() == "history-cleanup");
        Assert.Equal("0 15 3 * * ?", cleanup.GetProperty("cron").GetString());
        Assert.Equal("Every day at 03:15 UTC", cleanup.GetProperty("cronInWords").GetString());

        var (exit, text, _) = await RunAsync("jobs", "list");
        Assert.Equal(FlipFlowCli.Ok, exit);
        Assert.Contains("history-cleanup", text);
        Assert.Contains("Every day at 03:45 UTC", text);
    }

    [Fact]
    public async Task A_paused_job_stays_paused_in_the_next_invocation_until_resumed()
    {
        var (exit, output, _) = await RunAsync("jobs", "pause", "history-cleanup");
        Assert.Equal(FlipFlowCli.Ok, exit);
        Assert.Contains("Paused history-cleanup", output);

        Assert.True((await JobAsync("history-cleanup")).GetProperty("paused").GetBoolean());
        // A second invocation is a fresh host: the pause is read back from the database.
        Assert.True((await JobAsync("history-cleanup")).GetProperty("paused").GetBoolean());
        Assert.False((await JobAsync("database-maintenance")).GetProperty("paused").GetBoolean());
        Assert.Equal(1, (await JsonAsync("jobs", "status", "--json")).GetProperty("pausedJobs").GetInt32());

        await OkAsync("jobs", "resume", "history-cleanup");
        var resumed = await JobAsync("history-cleanup");
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.True(resumed.GetProperty("nextFireAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Pause_from_the_CLI_with_the_server_stopped_is_applied_when_it_starts()
    {
        await OkAsync("jobs", "pause", "history-cleanup");

        using var host = TestHost.Build(Database);
        var servers = host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
        try
        {
            using var connection = host.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
            var recurring = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection, ["history-cleanup", "database-maintenance"]);
            Assert.Equal(Hangfire.Cron.Never(), recurring.Single(job => job.Id == "history-cleanup").Cron);
            Assert.Null(recurring.Single(job => job.Id == "history-cleanup").NextExecution);
            Assert.Equal("0 45 3 * * ?", recurring.Single(job => job.Id == "database-maintenance").Cron);
            Assert.True((await host.Services.GetRequiredService<IJobScheduler>().GetAsync("history-cleanup")).Paused);
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task Pause_all_and_resume_all_change_every_job()
    {
        await OkAsync("jobs", "pause", "--all");
        Assert.All((await JsonAsync("jobs", "list", "--json")).EnumerateArray(), job => Assert.True(job.GetProperty("paused").GetBoolean()));

        await OkAsync("jobs", "resume", "--all");
        Assert.All((await JsonAsync("jobs", "list", "--json")).EnumerateArray(), job => Assert.False(job.GetProperty("paused").GetBoolean()));
    }

    [Fact]
    public async Task Trigger_with_wait_runs_the_job_here_prints_its_success_and_history_lists_the_run()
    {
        var (exit, output, error) = await RunAsync("jobs", "trigger", "history-cleanup", "--wait");

        Assert.True(exit == FlipFlowCli.Ok, $"trigger --wait exited {exit}: {error}\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var runId = Guid.Parse(lines[0]);
        Assert.StartsWith("Succeeded: deleted 0 runs", lines[1]);

        var runs = await JsonAsync("jobs", "history", "history-cleanup", "--json");
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal(runId, run.GetProperty("id").GetGuid());
        Assert.Equal(runId, run.GetProperty("chainId").GetGuid());
        Assert.Equal("Manual", run.GetProperty("trigger").GetString());
        Assert.Equal("Succeeded", run.GetProperty("outcome").GetString());
        Assert.Equal(1, run.GetProperty("attempt").GetInt32());
        Assert.Equal("deleted 0 runs and 0 failed Hangfire jobs", run.GetProperty("summary").GetString());

        var listed = await JobAsync("history-cleanup");
        Assert.Equal("Succeeded", listed.GetProperty("lastOutcome").GetString());
        Assert.True(listed.GetProperty("lastDurationSeconds").GetDouble() >= 0);

        var status = await JsonAsync("jobs", "status", "--json");
        Assert.Equal(1, status.GetProperty("counters").GetProperty("succeededLastDay").GetInt32());
    }

    [Fact]
    public async Task Trigger_without_wait_prints_the_run_id_and_leaves_the_run_to_a_process_that_runs_jobs()
    {
        var (exit, output, error) = await RunAsync("jobs", "trigger", "history-cleanup");

        Assert.Equal(FlipFlowCli.Ok, exit);
        Assert.True(Guid.TryParse(output.Trim(), out _), output);
        Assert.Contains("No FlipFlow process is running jobs now", error);
        var (_, history, _) = await RunAsync("jobs", "history", "history-cleanup");
        Assert.Contains("history-cleanup has not run yet", history);
    }

    [Fact]
    public async Task History_is_newest_first_and_limited()
    {
        // Back to back: the second CLI may briefly take the first one's stopped scheduler for a live one, and must still get its run done.
        await OkAsync("jobs", "trigger", "database-maintenance", "--wait");
        await OkAsync("jobs", "trigger", "database-maintenance", "--wait");

        var all = (await JsonAsync("jobs", "history", "database-maintenance", "--json")).EnumerateArray().ToList();
        Assert.Equal(2, all.Count);
        Assert.True(all[0].GetProperty("startedAt").GetDateTimeOffset() >= all[1].GetProperty("startedAt").GetDateTimeOffset());

        var newest = Assert.Single((await JsonAsync("jobs", "history", "database-maintenance", "--limit", "1", "--json")).EnumerateArray());
        Assert.Equal(all[0].GetProperty("id").GetGuid(), newest.GetProperty("id").GetGuid());
        Assert.Empty((await JsonAsync("jobs", "history", "history-cleanup", "--json")).EnumerateArray());

        var (exit, text, _) = await RunAsync("jobs", "history", "database-maintenance", "--limit", "1");
        Assert.Equal(FlipFlowCli.Ok, exit);
        Assert.Contains("Succeeded", text);
        Assert.Contains("The newest 1 of 2 runs", text);
    }

    [Fact]
    public async Task Status_reports_the_scheduler_and_its_counters()
    {
        var status = await JsonAsync("jobs", "status", "--json");

        Assert.Equal("Standby", status.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("instanceId").GetString()));
        Assert.Equal(Database.Provider != Infrastructure.Database.DatabaseProvider.Sqlite, status.GetProperty("clustered").GetBoolean());
        Assert.False(status.GetProperty("runningElsewhere").GetBoolean());
        Assert.Equal(CatalogueIds().Count, status.GetProperty("scheduledJobs").GetInt32());
        Assert.Equal(0, status.GetProperty("pausedJobs").GetInt32());
        Assert.Equal(0, status.GetProperty("counters").GetProperty("running").GetInt32());

        var (exit, text, _) = await RunAsync("jobs", "status");
        Assert.Equal(FlipFlowCli.Ok, exit);
        Assert.Contains("State:      Standby", text);
    }

    [Theory]
    [InlineData("jobs", "pause")]
    [InlineData("jobs", "pause", "history-cleanup", "--all")]
    [InlineData("jobs", "resume")]
    [InlineData("jobs", "resume", "history-cleanup", "--all")]
    [InlineData("jobs", "trigger")]
    [InlineData("jobs", "history", "history-cleanup", "--limit", "0")]
    public async Task Usage_errors_exit_with_2_and_say_what_is_wrong(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(FlipFlowCli.UsageError, exit);
        Assert.Contains("--help", error);
    }

    [Theory]
    [InlineData("jobs", "pause", "no-such-job")]
    [InlineData("jobs", "resume", "no-such-job")]
    [InlineData("jobs", "trigger", "no-such-job")]
    [InlineData("jobs", "trigger", "no-such-job", "--wait")]
    [InlineData("jobs", "history", "no-such-job")]
    public async Task Unknown_job_ids_exit_with_1_and_name_the_known_ones(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Empty(output);
        Assert.Contains("No job is called 'no-such-job'", error);
        Assert.Contains("history-cleanup", error);
    }
}

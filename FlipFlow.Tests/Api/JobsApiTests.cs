using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

/// <summary>The real app over a new database, one per test class.</summary>
public sealed class ApiApp : IAsyncLifetime
{
    public FlipFlowApp App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[Trait("Category", "Integration")]
public sealed class JobsApiTests(ApiApp fixture) : IClassFixture<ApiApp>
{
    private const string Cleanup = "history-cleanup";
    private const string Maintenance = "database-maintenance";

    private static readonly JsonSerializerOptions Json = ApiAnswers.Json;

    private FlipFlowApp App => fixture.App;

    private IJobScheduler Scheduler => App.Services.GetRequiredService<IJobScheduler>();

    [Fact]
    public async Task Jobs_answer_the_catalogue_as_the_scheduler_lists_it_and_one_job_by_its_id()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        var jobs = await client.GetFromJsonAsync<List<ApiJob>>("/api/v1/jobs", Json);
        var job = await client.GetFromJsonAsync<ApiJob>($"/api/v1/jobs/{Cleanup}", Json);

        var expected = await Scheduler.ListAsync();
        Assert.Equal(expected.Select(status => (status.Id, status.Cron, status.Paused)), jobs!.Select(listed => (listed.Id, listed.Cron, listed.Paused)));
        var cleanup = expected.Single(status => status.Id == Cleanup);
        Assert.Equal((cleanup.Title, cleanup.Cron, cleanup.MaxAttempts), (job!.Title, job.Cron, job.MaxAttempts));
    }

    [Theory]
    [InlineData("GET", "jobs/no-such-job")]
    [InlineData("GET", "jobs/no-such-job/history")]
    [InlineData("GET", "jobs/no-such-job/runs/6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("POST", "jobs/no-such-job/pause")]
    [InlineData("POST", "jobs/no-such-job/resume")]
    [InlineData("POST", "jobs/no-such-job/trigger")]
    public async Task An_unknown_job_is_a_404_problem_naming_the_known_ones(string method, string path)
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/v1/{path}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(Cleanup, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task History_pages_a_jobs_runs_newest_first_with_the_total_and_a_next_link_and_filters_by_outcome()
    {
        var history = App.Services.GetRequiredService<JobHistory>();
        // Whole seconds: PostgreSQL keeps microseconds, not ticks.
        var start = new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
        for (var n = 0; n < 7; n++)
        {
            var run = new JobRun
            {
                Id = Guid.NewGuid(), JobId = Maintenance, Node = "api-test", Trigger = JobTrigger.Manual,
                Outcome = n % 3 == 0 ? JobOutcome.Failed : JobOutcome.Succeeded, Error = n % 3 == 0 ? $"failure {n}" : null,
                StartedAt = start.AddMinutes(n), FinishedAt = start.AddMinutes(n).AddSeconds(2),
            };
            run.ChainId = run.Id;
            await history.StartAsync(run);
        }
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        var first = await client.GetFromJsonAsync<Paged<ApiJobRun>>($"/api/v1/jobs/{Maintenance}/history?pageSize=3", Json);
        var last = await client.GetFromJsonAsync<Paged<ApiJobRun>>($"/api/v1/jobs/{Maintenance}/history?pageSize=3&page=3", Json);
        var failed = await client.GetFromJsonAsync<Paged<ApiJobRun>>($"/api/v1/jobs/{Maintenance}/history?outcome=failed", Json);

        Assert.Equal((7, 3), (first!.Total, first.Items.Count));
        Assert.Equal(start.AddMinutes(6), first.Items[0].StartedAt);
        Assert.Equal($"/api/v1/jobs/{Maintenance}/history?pageSize=3&page=2", first.Next);
        Assert.Equal((7, 1, null), (last!.Total, last.Items.Count, last.Next));
        Assert.Equal(start, last.Items[0].StartedAt);
        Assert.Equal(3, failed!.Total);
        Assert.All(failed.Items, run => Assert.Equal((JobOutcome.Failed, 2.0), (run.Outcome, run.DurationSeconds)));
        Assert.Equal(["failure 6", "failure 3", "failure 0"], failed.Items.Select(run => run.Error));
    }

    [Theory]
    [InlineData("outcome=fine", "outcome")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task History_with_an_unknown_outcome_or_a_page_out_of_bounds_is_a_400_naming_the_field(string query, string field)
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        using var response = await client.GetAsync($"/api/v1/jobs/{Maintenance}/history?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task Pause_and_resume_change_the_schedule_through_the_scheduler_and_answer_the_job_as_it_is_now()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);

        using var paused = await client.PostAsync($"/api/v1/jobs/{Cleanup}/pause", null);

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True((await paused.Content.ReadFromJsonAsync<ApiJob>(Json))!.Paused);
        Assert.True((await Scheduler.GetAsync(Cleanup)).Paused);

        using var resumed = await client.PostAsync($"/api/v1/jobs/{Cleanup}/resume", null);

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False((await resumed.Content.ReadFromJsonAsync<ApiJob>(Json))!.Paused);
        Assert.False((await Scheduler.GetAsync(Cleanup)).Paused);
    }

    [Fact]
    public async Task A_viewer_key_may_read_jobs_but_not_pause_resume_or_trigger_them()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        foreach (var action in new[] { "pause", "resume", "trigger" })
        {
            using var response = await client.PostAsync($"/api/v1/jobs/{Cleanup}/{action}", null);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.False((await Scheduler.GetAsync(Cleanup)).Paused);
    }

    [Fact]
    public async Task Trigger_is_accepted_with_the_runs_address_which_shows_the_run_through_to_its_outcome()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);

        using var response = await client.PostAsync($"/api/v1/jobs/{Cleanup}/trigger", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<ApiJobRunStatus>(Json))!;
        Assert.Equal($"/api/v1/jobs/{Cleanup}/runs/{accepted.RunId}", response.Headers.Location?.OriginalString);
        // The run is the scheduler's: it is recorded under the id the answer gave, once a worker takes it.
        var history = App.Services.GetRequiredService<JobHistory>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await history.AttemptsAsync(accepted.RunId, patience.Token)) is not [{ Outcome: not JobOutcome.Running }, ..])
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), patience.Token);
        }

        var run = await client.GetFromJsonAsync<ApiJobRunStatus>(response.Headers.Location, Json);

        Assert.Equal((accepted.RunId, Cleanup, JobOutcome.Succeeded), (run!.RunId, run.JobId, run.Outcome));
        var attempt = Assert.Single(run.Attempts);
        Assert.Equal((accepted.RunId, JobTrigger.Manual), (attempt.ChainId, attempt.Trigger));

        using var elsewhere = await client.GetAsync($"/api/v1/jobs/{Maintenance}/runs/{accepted.RunId}");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }
}

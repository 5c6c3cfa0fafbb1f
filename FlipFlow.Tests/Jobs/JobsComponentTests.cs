using Bunit;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FlipFlow.Tests.Jobs;

public sealed class JobsComponentTests : ConsoleComponentTest
{
    private const string Cleanup = "history-cleanup";

    private static JobStatus Job(bool paused = false, bool enabled = true, int runningNow = 0) =>
        new(Cleanup, "Run history cleanup", "Deletes old runs.", "0 15 3 * * ?", "Every day at 03:15 UTC", enabled, paused, false, 5,
            null, null, null, runningNow);

    private static string ColourClass(Color color) => $"mud-chip-color-{color.ToString().ToLowerInvariant()}";

    [Theory]
    [InlineData(JobOutcome.Running, Color.Info)]
    [InlineData(JobOutcome.Succeeded, Color.Success)]
    [InlineData(JobOutcome.Failed, Color.Error)]
    [InlineData(JobOutcome.Retrying, Color.Warning)]
    [InlineData(JobOutcome.Cancelled, Color.Dark)]
    [InlineData(JobOutcome.Interrupted, Color.Error)]
    public void A_run_outcome_chip_names_the_outcome_in_its_colour(JobOutcome outcome, Color color)
    {
        var chip = Render<RunOutcomeChip>(parameters => parameters.Add(shown => shown.Outcome, outcome).Add(shown => shown.TestId, "outcome"))
            .Find("[data-testid=outcome]");

        Assert.Equal(outcome.ToString(), chip.TextContent.Trim());
        Assert.Contains(ColourClass(color), chip.ClassName);
    }

    [Fact]
    public void A_job_on_its_schedule_reads_Scheduled_in_an_outlined_green_chip()
    {
        var chip = Render<JobStateBadges>(parameters => parameters.Add(badges => badges.Job, Job())).Find($"[data-testid=job-scheduled-{Cleanup}]");

        Assert.Equal("Scheduled", chip.TextContent.Trim());
        Assert.Contains(ColourClass(Color.Success), chip.ClassName);
        Assert.Contains("mud-chip-outlined", chip.ClassName);
    }

    [Fact]
    public void A_paused_disabled_job_with_two_runs_going_shows_each_state_and_not_Scheduled()
    {
        var badges = Render<JobStateBadges>(parameters => parameters.Add(shown => shown.Job, Job(paused: true, enabled: false, runningNow: 2)));

        Assert.Equal("Paused", badges.Find($"[data-testid=job-paused-{Cleanup}]").TextContent.Trim());
        Assert.Contains(ColourClass(Color.Warning), badges.Find($"[data-testid=job-paused-{Cleanup}]").ClassName);
        Assert.Equal("Disabled", badges.Find($"[data-testid=job-disabled-{Cleanup}]").TextContent.Trim());
        Assert.Contains(ColourClass(Color.Dark), badges.Find($"[data-testid=job-disabled-{Cleanup}]").ClassName);
        Assert.Equal("2 running", badges.Find($"[data-testid=job-running-{Cleanup}]").TextContent.Trim());
        Assert.Contains(ColourClass(Color.Info), badges.Find($"[data-testid=job-running-{Cleanup}]").ClassName);
        Assert.Empty(badges.FindAll($"[data-testid=job-scheduled-{Cleanup}]"));
    }

    [Fact]
    public void One_run_going_reads_Running()
    {
        var badges = Render<JobStateBadges>(parameters => parameters.Add(shown => shown.Job, Job(runningNow: 1)));

        Assert.Equal("Running", badges.Find($"[data-testid=job-running-{Cleanup}]").TextContent.Trim());
    }

    [Fact]
    public void A_Viewer_sees_every_job_on_the_Jobs_page_but_no_action_button()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<JobsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"tr.job-row-{Cleanup}")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid^=job-actions-], [data-testid=jobs-pause-all], [data-testid=jobs-resume-all]"));
        Assert.Empty(page.FindAll("[data-testid=jobs-grid] tbody button"));
    }

    [Fact]
    public void An_Operator_has_Pause_all_Resume_all_and_each_jobs_actions_as_named_icon_buttons()
    {
        SignInAs(Roles.Operator);

        var page = RenderPage<JobsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=job-actions-{Cleanup}]")), TimeSpan.FromSeconds(10));
        Assert.Single(page.FindAll("[data-testid=jobs-pause-all]"));
        Assert.Single(page.FindAll("[data-testid=jobs-resume-all]"));
        var actions = page.Find($"[data-testid=job-actions-{Cleanup}]").QuerySelectorAll("button");
        Assert.Equal(["Trigger now", "Pause", "Edit schedule"], actions.Select(button => button.GetAttribute("aria-label")));
        // Icons only in the list: the names are for tooltips and screen readers, not text that widens the column.
        Assert.All(actions, button => Assert.Equal("", button.TextContent.Trim()));
    }

    [Fact]
    public void A_job_that_has_never_run_says_so_and_how_to_run_it()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<JobDetailPage>(parameters => parameters.Add(shown => shown.JobId, Cleanup));

        page.WaitForAssertion(() => Assert.Contains("This job has not run yet", page.Find("[data-testid=runs-empty]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("tr.run-row"));
    }

    [Theory]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.Operator, true)]
    public void Only_those_who_may_operate_see_Trigger_now_Pause_and_Edit_schedule_on_a_job_page(string role, bool sees)
    {
        SignInAs(role);

        var page = RenderPage<JobDetailPage>(parameters => parameters.Add(shown => shown.JobId, Cleanup));

        page.WaitForAssertion(() => Assert.Equal("Run history cleanup", page.Find("[data-testid=job-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal(sees, page.FindAll($"[data-testid=job-trigger-{Cleanup}]").Count == 1);
        Assert.Equal(sees, page.FindAll($"[data-testid=job-pause-{Cleanup}]").Count == 1);
        Assert.Equal(sees, page.FindAll($"[data-testid=job-edit-schedule-{Cleanup}]").Count == 1);
    }

    [Fact]
    public async Task A_run_a_batch_started_reads_Batch_and_its_number_and_links_to_the_batch()
    {
        var run = new JobRun
        {
            Id = Guid.NewGuid(), JobId = Cleanup, Node = "node-a", Trigger = JobTrigger.Batch, BatchId = 12,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1), FinishedAt = DateTimeOffset.UtcNow, Outcome = JobOutcome.Succeeded, Summary = "deleted 0 runs",
        };
        run.ChainId = run.Id;
        await App.GetRequiredService<JobHistory>().StartAsync(run);
        SignInAs(Roles.Viewer);

        var page = RenderPage<JobDetailPage>(parameters => parameters.Add(shown => shown.JobId, Cleanup));

        page.WaitForAssertion(() => Assert.Equal("Batch 12", page.Find("tr.run-row [data-testid=run-trigger]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.EndsWith("batches/12", page.Find("tr.run-row [data-testid=run-trigger]").GetAttribute("href"));
        Assert.Equal("Succeeded", page.Find("tr.run-row [data-testid=run-outcome]").TextContent.Trim());
    }

    [Fact]
    public void A_job_that_does_not_exist_says_so_instead_of_an_empty_page()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<JobDetailPage>(parameters => parameters.Add(shown => shown.JobId, "nope"));

        page.WaitForAssertion(() => Assert.Contains("Job nope was not found", page.Find("[data-testid=not-found]").TextContent), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    public void The_jobs_page_links_to_Hangfire_s_dashboard_for_everyone_who_may_see_it(string role)
    {
        SignInAs(role);

        var page = RenderPage<JobsPage>();

        var link = page.Find("[data-testid=jobs-dashboard-link]");
        Assert.Equal("/hangfire", link.GetAttribute("href"));
        Assert.Equal("Open Hangfire dashboard", link.TextContent.Trim());
        // A page the console's router has not: left to the browser, which loads it in the same tab.
        Assert.Equal("_top", link.GetAttribute("target"));
    }

    [Fact]
    public void A_job_page_links_to_Hangfire_s_Recurring_Jobs()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<JobDetailPage>(parameters => parameters.Add(shown => shown.JobId, Cleanup));

        page.WaitForAssertion(() => Assert.Equal("/hangfire/recurring", page.Find("[data-testid=job-dashboard-link]").GetAttribute("href")),
            TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("4711", "/hangfire/jobs/details/4711")]
    [InlineData("NON_CLUSTERED638700000000000001", null)]
    public async Task An_attempt_links_to_its_Hangfire_job_when_Hangfire_ran_it(string fireInstanceId, string? link)
    {
        var run = new JobRun
        {
            Id = Guid.NewGuid(), JobId = Cleanup, Node = "node-a", Trigger = JobTrigger.Manual, FireInstanceId = fireInstanceId,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1), FinishedAt = DateTimeOffset.UtcNow, Outcome = JobOutcome.Succeeded,
        };
        run.ChainId = run.Id;
        await App.GetRequiredService<JobHistory>().StartAsync(run);
        SignInAs(Roles.Viewer);

        var attempts = Render<RunAttempts>(parameters => parameters.Add(shown => shown.ChainId, run.Id));

        attempts.WaitForAssertion(() => Assert.Single(attempts.FindAll("[data-testid=attempt]")), TimeSpan.FromSeconds(10));
        Assert.Equal(link, attempts.FindAll("[data-testid=attempt-hangfire-job]").SingleOrDefault()?.GetAttribute("href"));
    }
}

using Bunit;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Jobs;
using FlipFlow.Web.Features.Batches;
using MudBlazor;

namespace FlipFlow.Tests.Batches;

public sealed class BatchesComponentTests : ConsoleComponentTest
{
    private static BatchJob Batch(BatchStatus status, bool cancelRequested = false) =>
        new() { Id = 7, Title = "Publish 3 products to Demo", RequestedBy = "test", Status = status, TotalJobs = 3, CancelRequested = cancelRequested };

    [Theory]
    [InlineData(BatchStatus.Pending, "Pending", Color.Default)]
    [InlineData(BatchStatus.Running, "Running", Color.Info)]
    [InlineData(BatchStatus.Completed, "Completed", Color.Success)]
    [InlineData(BatchStatus.CompletedWithFailures, "Completed with failures", Color.Warning)]
    [InlineData(BatchStatus.Failed, "Failed", Color.Error)]
    [InlineData(BatchStatus.Cancelled, "Cancelled", Color.Dark)]
    public void A_batch_status_chip_says_the_status_in_words_in_its_colour(BatchStatus status, string words, Color color)
    {
        var chip = Render<BatchStatusBadge>(parameters => parameters.Add(badge => badge.Batch, Batch(status)).Add(badge => badge.TestId, "status"))
            .Find("[data-testid=status]");

        Assert.Equal(words, chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{color.ToString().ToLowerInvariant()}", chip.ClassName);
    }

    [Fact]
    public void Every_batch_status_has_its_own_colour_and_wording()
    {
        var statuses = Enum.GetValues<BatchStatus>();

        Assert.Equal(statuses.Length, statuses.Select(BatchFormatting.ColorOf).Distinct().Count());
        Assert.Equal(statuses.Length, statuses.Select(BatchFormatting.Status).Distinct().Count());
    }

    [Fact]
    public void A_running_batch_being_cancelled_shows_Cancelling_beside_its_status_and_an_ended_one_does_not()
    {
        var running = Render<BatchStatusBadge>(parameters => parameters.Add(badge => badge.Batch, Batch(BatchStatus.Running, cancelRequested: true))
            .Add(badge => badge.TestId, "status"));
        var ended = Render<BatchStatusBadge>(parameters => parameters.Add(badge => badge.Batch, Batch(BatchStatus.Cancelled, cancelRequested: true))
            .Add(badge => badge.TestId, "status"));

        Assert.Equal("Cancelling", running.Find("[data-testid=status-cancelling]").TextContent.Trim());
        Assert.Empty(ended.FindAll("[data-testid=status-cancelling]"));
    }

    [Theory]
    [InlineData(MarketplaceTaskStatus.Pending, Color.Default)]
    [InlineData(MarketplaceTaskStatus.Running, Color.Info)]
    [InlineData(MarketplaceTaskStatus.Completed, Color.Success)]
    [InlineData(MarketplaceTaskStatus.Failed, Color.Error)]
    [InlineData(MarketplaceTaskStatus.Skipped, Color.Dark)]
    public void A_task_status_chip_names_the_status_in_its_colour(MarketplaceTaskStatus status, Color color)
    {
        var job = new MarketplaceJob { Id = 3 };
        job.Tasks.Add(new MarketplaceTask { JobId = 3, Name = "Validate", Status = status, IdempotencyKey = "k", Error = status == MarketplaceTaskStatus.Failed ? "No image." : null });

        var chip = Render<JobTasks>(parameters => parameters.Add(tasks => tasks.Job, job)).Find("[data-testid=task-status]");

        Assert.Equal(status.ToString(), chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{color.ToString().ToLowerInvariant()}", chip.ClassName);
    }

    [Fact]
    public void The_progress_bar_reads_finished_of_total_and_takes_the_ended_status_colour()
    {
        var batch = Batch(BatchStatus.CompletedWithFailures);
        (batch.SucceededJobs, batch.FailedJobs) = (2, 1);

        var bar = Render<BatchProgressBar>(parameters => parameters.Add(progress => progress.Batch, batch).Add(progress => progress.TestId, "progress"));

        Assert.Equal("3 / 3", bar.Find("[data-testid=progress]").TextContent.Trim());
        Assert.Contains("mud-progress-linear-color-warning", bar.Find(".mud-progress-linear").ClassName);
        Assert.Equal(Color.Primary, BatchFormatting.ProgressColor(Batch(BatchStatus.Running)));
    }

    [Fact]
    public void With_no_batches_yet_the_Batches_page_says_how_to_start_one()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<BatchesPage>();

        page.WaitForAssertion(() => Assert.Contains("No batches yet", page.Find("[data-testid=batches-empty]").TextContent));
        Assert.Contains("Publish to…", page.Find("[data-testid=batches-empty]").TextContent);
    }

    [Fact]
    public async Task The_Batches_page_lists_a_batch_with_its_status_and_progress_and_no_buttons_for_a_Viewer()
    {
        var batch = await SeedBatchAsync();
        SignInAs(Roles.Viewer);

        var page = RenderPage<BatchesPage>();

        page.WaitForAssertion(() => Assert.Equal("Failed", page.Find($"[data-testid=batch-status-{batch.Id}]").TextContent.Trim()));
        Assert.Equal("1 / 1", page.Find($"[data-testid=batch-progress-{batch.Id}]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=batches-grid] tbody button"));
    }

    [Theory]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.Operator, true)]
    [InlineData(Roles.Admin, true)]
    public async Task Only_those_who_may_operate_see_Retry_failed_and_Cancel_on_a_batch_page(string role, bool sees)
    {
        var batch = await SeedBatchAsync();
        SignInAs(role);

        var page = RenderPage<BatchPage>(parameters => parameters.Add(shown => shown.Id, batch.Id));

        page.WaitForAssertion(() => Assert.Equal("Seeded batch", page.Find("[data-testid=batch-title]").TextContent.Trim()));
        Assert.Equal(sees, page.FindAll("[data-testid=batch-retry]").Count == 1);
        Assert.Equal(sees, page.FindAll("[data-testid=batch-cancel]").Count == 1);
        if (sees)
        {
            // Ended with a failure: it may be retried, not cancelled.
            Assert.False(page.Find("[data-testid=batch-retry]").HasAttribute("disabled"));
            Assert.True(page.Find("[data-testid=batch-cancel]").HasAttribute("disabled"));
        }
    }

    [Fact]
    public async Task A_batch_page_lists_its_jobs_and_opens_one_to_its_tasks()
    {
        var batch = await SeedBatchAsync();
        SignInAs(Roles.Viewer);

        var page = RenderPage<BatchPage>(parameters => parameters.Add(shown => shown.Id, batch.Id));

        page.WaitForAssertion(() => Assert.Equal("Failed", page.Find("tr.job-row [data-testid=job-status]").TextContent.Trim()));
        Assert.Contains("Demo answered 503.", page.Find("tr.job-row [data-testid=job-error]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=job-tasks]"));

        page.Find("[data-testid=job-toggle]").Click();

        page.WaitForAssertion(() => Assert.Contains("This job has no tasks.", page.Find("[data-testid=job-tasks]").TextContent));
    }

    [Fact]
    public void A_batch_that_does_not_exist_says_so_instead_of_an_empty_page()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<BatchPage>(parameters => parameters.Add(shown => shown.Id, 999999L));

        page.WaitForAssertion(() => Assert.Contains("Batch 999999 was not found", page.Find("[data-testid=not-found]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=batch-title]"));
    }
}

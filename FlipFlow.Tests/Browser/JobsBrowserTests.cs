using System.Globalization;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class JobsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Cleanup = "history-cleanup";
    private const string Maintenance = "database-maintenance";

    /// <summary>Long enough for a run to finish and the monitor (every 2 s) to notice it.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions LiveText = new() { Timeout = BrowserFixture.Timeout };

    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
        // The width the console is used at on a laptop, where the action column and the runs grid used to be cut off.
        await page.SetViewportSizeAsync(1400, 900);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private IJobScheduler Scheduler => app.Services.GetRequiredServiceOf<IJobScheduler>();

    private async Task OpenJobsAsAsync(string role)
    {
        var (email, password) = await app.CreateUserAsync(role);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await page.GotoAsync("/jobs");
        await Pages.WaitUntilLiveAsync(page);
        await page.Locator($"tr.job-row-{Cleanup}").WaitForAsync();
        // A full page load would drop this; it proves that what follows arrives over the live connection.
        await page.EvaluateAsync("() => window.sameDocument = true");
    }

    private Task<bool> StillTheSameDocumentAsync() => page.EvaluateAsync<bool>("() => window.sameDocument === true");

    /// <summary>
    /// Everything fits at 1400 px: the page does not scroll sideways, the grid has not been scrolled sideways, and every
    /// <paramref name="actions"/> button lies inside the viewport.
    /// </summary>
    private async Task AssertFitsAsync(string grid, string actions)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "The page scrolls sideways.");
        Assert.Equal(0, await page.Locator($"{grid} .mud-table-container").EvaluateAsync<double>("element => element.scrollLeft"));
        var buttons = page.Locator(actions);
        Assert.True(await buttons.CountAsync() > 0, $"No {actions} to look at.");
        // No tooltip of a hovered button and no passing message in the way: the check is about the layout.
        await page.Mouse.MoveAsync(0, 0);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        foreach (var button in await buttons.AllAsync())
        {
            await button.ScrollIntoViewIfNeededAsync();
            var box = await button.BoundingBoxAsync() ?? throw new InvalidOperationException($"{actions} is not shown.");
            Assert.True(box.X >= 0 && box.X + box.Width <= 1400, $"An action is cut off: it spans {box.X}..{box.X + box.Width} px of 1400.");
            var covering = await button.EvaluateAsync<string>(
                "button => { const r = button.getBoundingClientRect(); const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); " +
                "return hit !== null && button.contains(hit) ? '' : `${button.dataset.testid} at ${r.x},${r.y} is under ${hit?.outerHTML.slice(0, 200)}`; }");
            Assert.True(covering == "", $"An action is covered by another element: {covering}");
        }
        // Bringing each action into view never had to scroll the grid sideways: none was cut off at its right edge.
        Assert.Equal(0, await page.Locator($"{grid} .mud-table-container").EvaluateAsync<double>("element => element.scrollLeft"));
    }

    [Fact]
    public async Task An_Operator_pauses_resumes_and_triggers_a_job_and_sees_its_run_succeed_without_reloading()
    {
        await OpenJobsAsAsync(Roles.Operator);
        var pausedBadge = page.Locator($"[data-testid=job-paused-{Cleanup}]");
        await Assertions.Expect(pausedBadge).ToHaveCountAsync(0);

        await page.ClickAsync($"[data-testid=job-pause-{Cleanup}]");
        await Assertions.Expect(pausedBadge).ToHaveTextAsync("Paused");
        Assert.True((await Scheduler.GetAsync(Cleanup)).Paused);
        Assert.Equal("paused", (await page.InnerTextAsync($"tr.job-row-{Cleanup} td:nth-child(3)")).Trim());

        await page.ClickAsync($"[data-testid=job-resume-{Cleanup}]");
        await Assertions.Expect(pausedBadge).ToHaveCountAsync(0);
        Assert.False((await Scheduler.GetAsync(Cleanup)).Paused);

        await page.ClickAsync($"[data-testid=job-link-{Cleanup}]");
        await page.WaitForURLAsync($"**/jobs/{Cleanup}");
        await Assertions.Expect(page.Locator("[data-testid=job-title]")).ToHaveTextAsync("Run history cleanup");
        await Assertions.Expect(page.Locator("tr.run-row")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=runs-empty]")).ToContainTextAsync("This job has not run yet");

        await page.ClickAsync($"[data-testid=job-trigger-{Cleanup}]");
        var run = page.Locator("tr.run-row");
        await Assertions.Expect(run.Locator("[data-testid=run-outcome]")).ToHaveTextAsync("Succeeded", LiveText);
        await Assertions.Expect(run).ToHaveCountAsync(1);
        Assert.Equal("Manual", (await run.Locator("[data-testid=run-trigger]").InnerTextAsync()).Trim());

        // The triggered run's attempts open by themselves, with what the job said and logged.
        var attempt = page.Locator("[data-testid=run-attempts] [data-testid=attempt]");
        await Assertions.Expect(attempt.Locator("[data-testid=attempt-outcome]")).ToHaveTextAsync("Succeeded", LiveText);
        await Assertions.Expect(attempt.Locator("[data-testid=attempt-summary]")).ToContainTextAsync("deleted 0 runs");
        await Assertions.Expect(attempt.Locator("[data-testid=attempt-log]")).ToContainTextAsync("Keeping successes for 30 days");
        Assert.Contains("Attempt 1 of", await attempt.InnerTextAsync());
        await AssertFitsAsync("[data-testid=runs-grid]", "tr.run-row [data-testid=run-details]");

        // The history is filtered on the server: no failed runs, then every run again.
        await page.ClickAsync("[data-testid=run-filter-outcome]");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Failed" }).ClickAsync();
        await Assertions.Expect(run).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Clear filters" }).ClickAsync();
        await Assertions.Expect(run).ToHaveCountAsync(1);

        Assert.True(await StillTheSameDocumentAsync(), "The page was reloaded; the changes should have arrived live.");
    }

    [Fact]
    public async Task An_Operator_edits_a_schedule_after_seeing_its_next_five_runs_and_pauses_and_resumes_every_job()
    {
        await OpenJobsAsAsync(Roles.Operator);
        await AssertFitsAsync("[data-testid=jobs-grid]", "[data-testid^=job-actions-] button");

        // Triggering from the list says so, and leaves the grid where it was, every action in view.
        await page.ClickAsync($"[data-testid=job-trigger-{Maintenance}]");
        var said = page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "Trigger now" });
        await Assertions.Expect(said).ToContainTextAsync("starts now");
        await Assertions.Expect(page.Locator($"[data-testid=job-last-outcome-{Maintenance}]")).ToHaveTextAsync("Succeeded", LiveText);
        await AssertFitsAsync("[data-testid=jobs-grid]", "[data-testid^=job-actions-] button");

        await page.ClickAsync($"[data-testid=job-edit-schedule-{Maintenance}]");
        await Pages.WaitForDialogFocusAsync(page);
        var cron = page.Locator("[data-testid=schedule-cron]");
        await cron.FillAsync("0 61 * * * ?");
        await Assertions.Expect(page.Locator("[data-testid=schedule-problem]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=schedule-save]")).ToBeDisabledAsync();

        await cron.FillAsync("0 0/20 * * * ?");
        await Assertions.Expect(page.Locator("[data-testid=schedule-preview]")).ToContainTextAsync("Every 20 minutes");
        var nextRuns = page.Locator("[data-testid=schedule-next-run]");
        await Assertions.Expect(nextRuns).ToHaveCountAsync(5);
        Assert.All(await nextRuns.AllInnerTextsAsync(), text => Assert.EndsWith(" UTC", text.Trim()));

        await page.ClickAsync("[data-testid=schedule-save]");
        await Assertions.Expect(page.Locator($"[data-testid=job-cron-{Maintenance}]")).ToHaveTextAsync("0 0/20 * * * ?");
        Assert.Equal("0 0/20 * * * ?", (await Scheduler.GetAsync(Maintenance)).Cron);

        await page.ClickAsync("[data-testid=jobs-pause-all]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Pause all", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=job-paused-{Cleanup}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=job-paused-{Maintenance}]")).ToBeVisibleAsync();
        Assert.All(await Scheduler.ListAsync(), job => Assert.True(job.Paused, $"{job.Id} should be paused."));

        await page.ClickAsync("[data-testid=jobs-resume-all]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Resume all", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid^=job-paused-]")).ToHaveCountAsync(0);
        Assert.All(await Scheduler.ListAsync(), job => Assert.False(job.Paused, $"{job.Id} should run on its schedule again."));
        Assert.True(await StillTheSameDocumentAsync());
    }

    [Fact]
    public async Task A_Viewer_sees_jobs_and_runs_update_live_but_no_action_buttons()
    {
        await OpenJobsAsAsync(Roles.Viewer);
        Assert.Contains("Jobs", await page.InnerTextAsync("[data-testid=nav]"));
        await Assertions.Expect(page.Locator($"tr.job-row-{Maintenance}")).ToBeVisibleAsync();
        // Scheduled jobs may run while the test does, so the counter is read rather than assumed to be 0.
        var succeeded = page.Locator("[data-testid=counter-succeeded]");
        var succeededBefore = int.Parse(await succeeded.InnerTextAsync(), CultureInfo.InvariantCulture);
        // No button in the rows (the sortable column headers are the grid's own).
        await Assertions.Expect(page.Locator("[data-testid=jobs-grid] tbody button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=jobs-pause-all], [data-testid=jobs-resume-all]")).ToHaveCountAsync(0);

        // Started elsewhere (another user, the CLI, the schedule): the open page follows without a reload.
        await Scheduler.TriggerAsync(Maintenance);
        await Assertions.Expect(page.Locator($"[data-testid=job-last-outcome-{Maintenance}]")).ToHaveTextAsync("Succeeded", LiveText);
        await Poll.UntilAsync(async () => int.Parse(await succeeded.InnerTextAsync(), CultureInfo.InvariantCulture) > succeededBefore,
            TimeSpan.FromMilliseconds(BrowserFixture.Timeout), "the succeeded counter to count the triggered run");
        Assert.True(await StillTheSameDocumentAsync());

        await page.ClickAsync($"[data-testid=job-link-{Maintenance}]");
        await Assertions.Expect(page.Locator("tr.run-row [data-testid=run-outcome]")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Trigger now" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid^=job-actions-], [data-testid=run-cancel], [data-testid=run-retry]")).ToHaveCountAsync(0);

        // Reading a run's attempts is viewing, so a Viewer may.
        await Pages.ClickUntilVisibleAsync(page, "tr.run-row [data-testid=run-details]", page.Locator("[data-testid=attempt-outcome]"));
        await Assertions.Expect(page.Locator("[data-testid=attempt-outcome]")).ToHaveTextAsync("Succeeded");
    }
}

using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Components.Layout;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// Hangfire's dashboard in Chromium, signed in as an Admin: reached from /jobs and back, under FlipFlow's
/// Content-Security-Policy with nothing refused, themed by the console's cookie, and FlipFlow's schedules page
/// pausing and resuming what the console and Hangfire's own pages show.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class HangfireDashboardBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Cleanup = "history-cleanup";

    private BrowserRefusals refusals = default!;
    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
        await page.SetViewportSizeAsync(1400, 900);
        refusals = BrowserRefusals.Watch(page);
        // Pause all and Resume all ask first, in the browser's own confirm dialog.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private IJobScheduler Scheduler => app.Services.GetRequiredServiceOf<IJobScheduler>();

    private ILocator ScheduleState(string jobId) => page.Locator($"[data-testid=schedule-{jobId}] [data-testid=schedule-state]");

    [Fact]
    public async Task Dashboard_pages_raise_no_CSP_violation_and_its_commands_work_under_the_policy()
    {
        await page.GotoAsync("/jobs");
        await Pages.WaitUntilLiveAsync(page);
        await Pages.ClickUntilUrlAsync(page, "[data-testid=jobs-dashboard-link]", "**/hangfire");
        // The home page's charts, drawn by the dashboard's script.
        await page.WaitForFunctionAsync("() => window.Chart && Object.keys(window.Chart.instances).length >= 2");
        foreach (var path in new[] { "/hangfire/recurring", "/hangfire/jobs/enqueued", "/hangfire/jobs/succeeded", "/hangfire/jobs/failed", "/hangfire/retries", "/hangfire/servers" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await page.ClickAsync("text=FlipFlow schedules");
        await page.WaitForURLAsync("**/hangfire/flipflow/schedules");

        // Each command is sent by the dashboard's script with its antiforgery token; the page reloads when it is done.
        await page.ClickAsync($"[data-testid=schedule-pause-{Cleanup}]");
        await Assertions.Expect(ScheduleState(Cleanup)).ToHaveTextAsync("Paused");
        await page.ClickAsync($"[data-testid=schedule-resume-{Cleanup}]");
        await Assertions.Expect(ScheduleState(Cleanup)).ToHaveTextAsync("Scheduled");
        await page.ClickAsync("[data-testid=schedule-pause-all]");
        await Assertions.Expect(page.Locator("[data-testid=schedule-state]", new() { HasTextString = "Scheduled" })).ToHaveCountAsync(0);
        Assert.All((await Scheduler.ListAsync()).Where(job => job.Enabled), job => Assert.True(job.Paused, $"{job.Id} is not paused."));
        await page.ClickAsync("[data-testid=schedule-resume-all]");
        await Assertions.Expect(page.Locator("[data-testid=schedule-state]", new() { HasTextString = "Paused" })).ToHaveCountAsync(0);

        // Back: from a job's row to its page in the console, and from the dashboard's "Back to site" to /jobs.
        await page.ClickAsync($"[data-testid=schedule-{Cleanup}] [data-testid=schedule-link]");
        await page.WaitForURLAsync($"**/jobs/{Cleanup}");
        await Pages.WaitUntilLiveAsync(page);
        await page.GotoAsync("/hangfire/recurring");
        await page.ClickAsync("a[href='/jobs']");
        await page.WaitForURLAsync("**/jobs");
        await Pages.WaitUntilLiveAsync(page);

        refusals.AssertNone();
    }

    [Fact]
    public async Task The_dashboard_follows_the_console_s_theme_not_the_operating_system()
    {
        // The operating system says dark: only the console's cookie may decide.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });

        var light = await BackgroundWithThemeAsync("light");
        var dark = await BackgroundWithThemeAsync(ConsoleThemes.Dark);

        Assert.Equal("rgb(255, 255, 255)", light);
        Assert.Equal("rgb(34, 39, 46)", dark);
    }

    [Fact]
    public async Task Pausing_on_the_FlipFlow_page_shows_the_job_disabled_on_Recurring_Jobs_and_paused_in_jobs()
    {
        await page.GotoAsync("/hangfire/flipflow/schedules");
        await page.ClickAsync($"[data-testid=schedule-pause-{Cleanup}]");
        await Assertions.Expect(ScheduleState(Cleanup)).ToHaveTextAsync("Paused");

        await page.GotoAsync("/hangfire/recurring");
        await Assertions.Expect(RecurringRow(Cleanup)).ToContainTextAsync("Disabled");
        await page.GotoAsync("/jobs");
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator($"[data-testid=job-paused-{Cleanup}]")).ToBeVisibleAsync();

        await page.GotoAsync("/hangfire/flipflow/schedules");
        await page.ClickAsync($"[data-testid=schedule-resume-{Cleanup}]");
        await Assertions.Expect(ScheduleState(Cleanup)).ToHaveTextAsync("Scheduled");
        await page.GotoAsync("/hangfire/recurring");
        await Assertions.Expect(RecurringRow(Cleanup)).Not.ToContainTextAsync("Disabled");
        await page.GotoAsync("/jobs");
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator($"[data-testid=job-scheduled-{Cleanup}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=job-paused-{Cleanup}]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Trigger_now_on_the_dashboard_makes_a_run_appear_in_jobs_id()
    {
        await page.GotoAsync("/hangfire/recurring");
        await RecurringRow(Cleanup).Locator("input.js-jobs-list-checkbox").CheckAsync();
        await page.ClickAsync("button.js-jobs-list-command[data-url$='/recurring/trigger']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GotoAsync($"/jobs/{Cleanup}");
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator("tr.run-row [data-testid=run-outcome]").First).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("tr.run-row [data-testid=run-trigger]").First).ToHaveTextAsync("Manual");
    }

    /// <summary>One job's row on Hangfire's Recurring Jobs page.</summary>
    private ILocator RecurringRow(string jobId) =>
        page.Locator("tr.js-jobs-list-row", new() { Has = page.Locator($"input.js-jobs-list-checkbox[value='{jobId}']") });

    private async Task<string> BackgroundWithThemeAsync(string theme)
    {
        await context.AddCookiesAsync([new Cookie { Name = ConsoleThemes.CookieName, Value = theme, Url = app.BaseAddress.ToString() }]);
        await page.GotoAsync("/hangfire/flipflow/schedules");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
    }
}

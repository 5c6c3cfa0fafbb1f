using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The console under its Content-Security-Policy in Chromium: every page of the navigation, with demo data so the
/// charts draw, live over the circuit, and not one script, style, connection or frame refused.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> DemoStart = new Dictionary<string, string?>
    {
        ["FlipFlow:DemoData"] = "true",
        ["Jobs:demo-market:Enabled"] = "false",
    };

    private BrowserRefusals refusals = default!;
    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync(settings: DemoStart);
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
        refusals = BrowserRefusals.Watch(page);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task An_Admin_signs_in_and_visits_every_page_of_the_navigation_and_the_browser_refuses_nothing()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=dashboard] .apexcharts-canvas");

        var links = await page.Locator("[data-testid=nav] a[href]").EvaluateAllAsync<string[]>("links => links.map(link => link.getAttribute('href'))");
        Assert.Contains("/system", links);
        Assert.True(links.Length >= 9, $"The navigation has only {string.Join(", ", links)}");
        // Beyond the navigation: a page without the live connection, and Hangfire's dashboard, which has no circuit either.
        foreach (var link in links.Concat(["/account/change-password", "/hangfire", "/hangfire/recurring", "/hangfire/flipflow/schedules"]))
        {
            await page.GotoAsync(link);
            if (links.Contains(link) && link != FlipFlow.Web.Features.Api.ApiDocument.ReferencePath)
            {
                await Pages.WaitUntilLiveAsync(page);
            }
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        // The System page draws its memory chart with ApexCharts, loaded by the module the import map resolves.
        await page.GotoAsync("/system");
        await Pages.WaitUntilLiveAsync(page);
        await page.WaitForSelectorAsync(".apexcharts-canvas");
        // A call from the server into the console's own script.
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync("() => document.cookie.includes('=dark')");

        refusals.AssertNone();
    }

}

using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Tests.Support;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ShellBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task First_Admin_signs_in_with_the_printed_password_must_change_it_sees_the_shell_and_signs_out()
    {
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url);

        await Pages.SignInAsync(page, app.BaseAddress, AccountBootstrapper.FirstAdminEmail, app.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=must-change]");
        Assert.Contains("/account/change-password", page.Url);

        await page.FillAsync("#current-password", app.AdminPassword);
        await page.FillAsync("#new-password", "Brand-New-Secret-7");
        await page.FillAsync("#confirm-password", "Brand-New-Secret-7");
        await page.ClickAsync("button[type=submit]");

        await Pages.WaitUntilLiveAsync(page);
        Assert.Equal(AccountBootstrapper.FirstAdminEmail, await page.InnerTextAsync("[data-testid=user-name]"));
        await Pages.ClickUntilVisibleAsync(page, "[data-testid=user-menu-button]", page.Locator("[data-testid=user-role]"));
        Assert.Equal(Roles.Admin, (await page.TextContentAsync("[data-testid=user-role]"))?.Trim());
        var navigation = await page.InnerTextAsync("[data-testid=nav]");
        Assert.Contains("Dashboard", navigation);
        Assert.Contains("Users", navigation);
        Assert.Contains("System", navigation);
        await Assertions.Expect(page.Locator("[data-testid=dashboard]")).ToBeVisibleAsync();

        await Pages.SignOutAsync(page);
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url);

        // The old password no longer works; the new one does, without another forced change.
        await Pages.SignInAsync(page, app.BaseAddress, AccountBootstrapper.FirstAdminEmail, "Brand-New-Secret-7");
        await Pages.WaitUntilLiveAsync(page);
        Assert.DoesNotContain("change-password", page.Url);
    }

    [Fact]
    public async Task A_Viewer_sees_no_admin_links_and_is_refused_the_Users_page()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        var navigation = await page.InnerTextAsync("[data-testid=nav]");
        Assert.Contains("Dashboard", navigation);
        Assert.DoesNotContain("Users", navigation);
        Assert.DoesNotContain("System", navigation);

        await page.GotoAsync("/users");
        await page.WaitForSelectorAsync("[data-testid=access-denied]");
        Assert.DoesNotContain(await page.ContentAsync(), "users-grid");
    }

    [Fact]
    public async Task An_Admin_creates_a_user_sees_the_password_once_and_disables_the_user_live()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await page.GotoAsync("/users");
        await Pages.WaitUntilLiveAsync(page);

        await page.FillAsync("#new-user-email", "new.viewer@example.com");
        await page.ClickAsync("[data-testid=create-user]");
        await page.WaitForSelectorAsync("[data-testid=issued-password]");
        var shown = await page.InnerTextAsync(".issued-password");
        Assert.Equal(PasswordGenerator.Length, shown.Trim().Length);

        var row = page.Locator("[data-testid=users-grid] tr", new PageLocatorOptions { HasText = "new.viewer@example.com" });
        await row.WaitForAsync();
        Assert.Contains("Must change password", await row.TextContentAsync());

        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Disable" }).ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Disable", Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Disabled");

        var users = await app.Services.GetRequiredServiceOf<IUserAdministration>().ListAsync();
        Assert.True(users.Single(user => user.Email == "new.viewer@example.com").IsDisabled);
    }

    [Fact]
    public async Task The_System_page_shows_the_database_and_a_live_chart_that_grows_in_place()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await page.GotoAsync("/system");
        await Pages.WaitUntilLiveAsync(page);

        Assert.Equal(app.Database.Provider.ToString(), (await page.InnerTextAsync("[data-testid=database-provider]")).Trim());
        Assert.Contains("_Identity", await page.InnerTextAsync("[data-testid=applied-migrations]"));
        Assert.Equal("none", (await page.InnerTextAsync("[data-testid=pending-migrations]")).Trim());
        // The app runs in this test's process: its uptime counts from the process's start, not from this first visit.
        using (var process = System.Diagnostics.Process.GetCurrentProcess())
        {
            var started = DateTimeOffset.Parse((await page.GetAttributeAsync("[data-testid=system-started]", "data-value"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero), started);
        }

        var chartId = await page.GetAttributeAsync("[data-testid=process-chart]", "id");
        await page.WaitForFunctionAsync($"() => window.ApexCharts && ApexCharts.getChartByID('{chartId}')");
        var seriesNames = await page.EvaluateAsync<string[]>($"() => ApexCharts.getChartByID('{chartId}').w.globals.seriesNames");
        Assert.Equal(["Working set", "Managed heap"], seriesNames);
        var before = await page.EvaluateAsync<int>($"() => ApexCharts.getChartByID('{chartId}').w.globals.series[0].length");
        await page.WaitForFunctionAsync($"() => ApexCharts.getChartByID('{chartId}').w.globals.series[0].length > {before}", null,
            new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.Equal(1, await page.Locator("[data-testid=process-chart] svg.apexcharts-svg").CountAsync());
    }

    [Fact]
    public async Task The_dark_theme_is_chosen_with_the_toggle_and_kept_after_a_reload()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator("[data-theme=light]")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=theme-toggle]");
        await Assertions.Expect(page.Locator("[data-theme=dark]")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator("[data-theme=dark]")).ToBeVisibleAsync();

        // A plain link reads on the dark grey: not the browser's own blue, and at least WCAG AA's 4.5:1 contrast.
        var contrast = await Pages.LinkContrastAsync(page);
        Assert.True(contrast >= 4.5, $"a link's contrast on the dark theme is {contrast:0.00}:1");
    }

    [Fact]
    public async Task When_the_server_goes_away_the_page_says_it_is_reconnecting()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        Assert.False(await page.IsVisibleAsync("[data-testid=reconnect]"));

        // A short deadline makes Kestrel drop the open connections, as a crash or network cut would.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await app.Services.GetRequiredServiceOf<Microsoft.AspNetCore.Hosting.Server.IServer>().StopAsync(deadline.Token);

        await page.WaitForSelectorAsync("[data-testid=reconnect]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        var text = await page.InnerTextAsync("[data-testid=reconnect]");
        Assert.True(text.Contains("Reconnecting") || text.Contains("Reload the page"), text);
    }
}

using System.Diagnostics;
using System.Globalization;
using Bunit;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Components;
using FlipFlow.Web.Features.SystemInfo;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.SystemInfo;

public sealed class SystemPageComponentTests : ComponentTest
{
    /// <summary>How long to wait for the page's reads: generous, as the machine running the tests may be loaded.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public SystemPageComponentTests()
    {
        Services.AddSingleton(new ProcessMetrics(TimeProvider.System));
        JSInterop.SetupModule("./js/apexchart.js");
    }

    [Fact]
    public void The_System_page_shows_the_provider_and_counts_uptime_from_the_process_start_not_the_first_visit()
    {
        SignInAs(Roles.Admin);
        using var process = Process.GetCurrentProcess();
        var processStart = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        var runningFor = DateTimeOffset.UtcNow - processStart;

        var page = RenderInProviders<SystemPage>();

        Assert.Equal("Sqlite", page.WaitForElement("[data-testid=database-provider]", Wait).TextContent.Trim());
        var started = DateTimeOffset.Parse(page.Find("[data-testid=system-started]").GetAttribute("data-value")!, CultureInfo.InvariantCulture);
        Assert.Equal(processStart, started);
        var uptime = TimeSpan.FromSeconds(long.Parse(page.Find("[data-testid=system-uptime]").GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        Assert.True(uptime >= runningFor - TimeSpan.FromSeconds(1), $"uptime {uptime} while the process has run {runningFor}");
        Assert.NotEmpty(page.Find("[data-testid=system-version]").TextContent.Trim());
    }
}

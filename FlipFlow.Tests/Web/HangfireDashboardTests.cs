using System.Net;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Components.Layout;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Web;

/// <summary>
/// One app for the dashboard's HTTP tests, with a recurring job of its own that never fires, so that Hangfire's
/// Recurring Jobs page has rows and buttons to show (or hide) whatever else the engine has registered.
/// </summary>
public sealed class DashboardApp : IAsyncLifetime
{
    public const string ProbeJob = "dashboard-probe";

    public FlipFlowApp App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = await FlipFlowApp.StartAsync();
        App.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate(ProbeJob, () => Probe(), Cron.Never());
    }

    public static void Probe()
    {
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Hangfire's dashboard at /hangfire over HTTP, as a browser's requests reach it: behind FlipFlow's sign-in, read-only
/// for Viewers, with antiforgery on every command, its storage's connection never shown, its dark mode taken from the
/// console's theme cookie, and FlipFlow's own schedules page and commands.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class HangfireDashboardTests(DashboardApp fixture) : IClassFixture<DashboardApp>, IAsyncLifetime
{
    private const string Cleanup = "history-cleanup";

    private FlipFlowApp App => fixture.App;

    private IJobScheduler Scheduler => App.Services.GetRequiredService<IJobScheduler>();

    public async Task InitializeAsync() => await Scheduler.ResumeAllAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every command the dashboard has: Hangfire's own (single and batch) and FlipFlow's.</summary>
    public static TheoryData<string> Commands() =>
    [
        "/hangfire/recurring/trigger",
        "/hangfire/recurring/remove",
        "/hangfire/jobs/actions/requeue/1",
        "/hangfire/jobs/actions/delete/1",
        "/hangfire/jobs/enqueued/delete",
        "/hangfire/jobs/scheduled/enqueue",
        "/hangfire/jobs/failed/requeue",
        "/hangfire/jobs/succeeded/requeue",
        $"/hangfire/flipflow/schedules/pause/{Cleanup}",
        $"/hangfire/flipflow/schedules/resume/{Cleanup}",
        "/hangfire/flipflow/schedules/pause-all",
        "/hangfire/flipflow/schedules/resume-all",
    ];

    [Theory]
    [InlineData("GET", "/hangfire")]
    [InlineData("GET", "/hangfire/recurring")]
    [InlineData("GET", "/hangfire/jobs/details/1")]
    [InlineData("GET", "/hangfire/jobs/succeeded")]
    [InlineData("POST", "/hangfire/stats")]
    [InlineData("GET", "/hangfire/js18250123")]
    [InlineData("GET", "/hangfire/css18250123")]
    [InlineData("GET", "/hangfire/css-dark18250123")]
    [InlineData("GET", "/hangfire/fonts/glyphicons-halflings-regular/woff2")]
    [InlineData("GET", "/hangfire/flipflow/schedules")]
    [InlineData("POST", "/hangfire/recurring/trigger")]
    [InlineData("POST", "/hangfire/flipflow/schedules/pause-all")]
    public async Task Without_a_cookie_every_dashboard_path_leads_to_the_sign_in_page(string method, string path)
    {
        using var client = App.NewClient();

        var page = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Empty(method) });
        var script = new HttpRequestMessage(new HttpMethod(method), path) { Content = Empty(method) };
        script.Headers.Add("X-Requested-With", "XMLHttpRequest");
        var fromScript = await client.SendAsync(script);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login?ReturnUrl=" + Uri.EscapeDataString(path), Forms.RedirectPath(page, App.BaseAddress));
        Assert.Equal("", await page.Content.ReadAsStringAsync());
        // The dashboard's own script asks with X-Requested-With: it is told 401, never handed a page.
        Assert.Equal(HttpStatusCode.Unauthorized, fromScript.StatusCode);
        Assert.Equal("", await fromScript.Content.ReadAsStringAsync());
        Assert.False((await Scheduler.ListAsync()).Any(job => job.Paused), "An anonymous command changed a schedule.");
    }

    [Theory]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.Operator, true)]
    [InlineData(Roles.Admin, true)]
    public async Task Only_Admins_and_Operators_see_the_dashboard_s_buttons(string role, bool sees)
    {
        using var client = await SignedInAsync(role);

        var recurring = await PageAsync(client, "/hangfire/recurring");
        var schedules = await PageAsync(client, "/hangfire/flipflow/schedules");

        Assert.Contains(DashboardApp.ProbeJob, recurring);
        Assert.Equal(sees, recurring.Contains("js-jobs-list-command", StringComparison.Ordinal));
        Assert.Equal(sees, schedules.Contains($"data-testid=\"schedule-pause-{Cleanup}\"", StringComparison.Ordinal));
        Assert.Equal(sees, schedules.Contains("data-testid=\"schedule-pause-all\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Viewer_sees_the_dashboard_read_only_with_no_buttons()
    {
        using var client = await SignedInAsync(Roles.Viewer);

        var recurring = await PageAsync(client, "/hangfire/recurring");
        var schedules = await PageAsync(client, "/hangfire/flipflow/schedules");

        Assert.Contains("Recurring Jobs", recurring);
        Assert.Contains($"data-testid=\"schedule-{Cleanup}\"", schedules);
        // The only button left is the navigation's own, which opens the menu on a narrow screen.
        foreach (var html in new[] { recurring, schedules })
        {
            Assert.DoesNotMatch("<button[^>]*class=\"btn", html);
            Assert.DoesNotContain("data-ajax", html);
            Assert.DoesNotContain("js-jobs-list-command", html);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_Viewer_is_refused_every_dashboard_command_with_401_or_403(string command)
    {
        using var client = await SignedInAsync(Roles.Viewer);
        var token = await TokenAsync(client);

        var withToken = await PostAsync(client, command, token);
        var withoutToken = await PostAsync(client, command, null);

        Assert.Contains(withToken.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Contains(withoutToken.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.False((await Scheduler.ListAsync()).Any(job => job.Paused), $"A Viewer's {command} changed a schedule.");
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Contains(connection.GetRecurringJobs(), job => job.Id == DashboardApp.ProbeJob);
    }

    [Fact]
    public async Task An_Admin_command_without_the_antiforgery_token_is_refused_403()
    {
        using var client = await SignedInAsync(Roles.Admin);
        var token = await TokenAsync(client);
        var command = $"/hangfire/flipflow/schedules/pause/{Cleanup}";

        var without = await PostAsync(client, command, null);
        var forged = await PostAsync(client, command, token with { Value = "CfDJ8" + new string('A', 100) });
        Assert.False((await Scheduler.GetAsync(Cleanup)).Paused);
        var with = await PostAsync(client, command, token);

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, with.StatusCode);
        Assert.True((await Scheduler.GetAsync(Cleanup)).Paused);
    }

    [Fact]
    public async Task An_Operator_pauses_and_resumes_one_job_and_an_unknown_job_answers_422()
    {
        using var client = await SignedInAsync(Roles.Operator);
        var token = await TokenAsync(client);

        var paused = await PostAsync(client, $"/hangfire/flipflow/schedules/pause/{Cleanup}", token);
        var shown = await PageAsync(client, "/hangfire/flipflow/schedules");
        Assert.True((await Scheduler.GetAsync(Cleanup)).Paused);
        var resumed = await PostAsync(client, $"/hangfire/flipflow/schedules/resume/{Cleanup}", token);
        var unknown = await PostAsync(client, "/hangfire/flipflow/schedules/pause/no-such-job", token);
        var asGet = await client.GetAsync($"/hangfire/flipflow/schedules/pause/{Cleanup}");

        Assert.Equal(HttpStatusCode.NoContent, paused.StatusCode);
        Assert.Equal("Paused", StateOf(shown, Cleanup));
        Assert.Contains($"data-testid=\"schedule-resume-{Cleanup}\"", shown);
        Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
        Assert.False((await Scheduler.GetAsync(Cleanup)).Paused);
        Assert.Equal((HttpStatusCode)422, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, asGet.StatusCode);
    }

    [Fact]
    public async Task Pause_all_and_Resume_all_change_every_scheduled_job()
    {
        using var client = await SignedInAsync(Roles.Admin);
        var token = await TokenAsync(client);
        var jobs = await Scheduler.ListAsync();
        Assert.True(jobs.Count(job => job.Enabled) >= 5, "Too few jobs to prove anything.");

        var pauseAll = await PostAsync(client, "/hangfire/flipflow/schedules/pause-all", token);
        var allPaused = await Scheduler.ListAsync();
        var pausedPage = await PageAsync(client, "/hangfire/flipflow/schedules");
        var resumeAll = await PostAsync(client, "/hangfire/flipflow/schedules/resume-all", token);
        var allResumed = await Scheduler.ListAsync();
        var resumedPage = await PageAsync(client, "/hangfire/flipflow/schedules");

        Assert.Equal(HttpStatusCode.NoContent, pauseAll.StatusCode);
        Assert.All(allPaused.Where(job => job.Enabled), job => Assert.True(job.Paused, $"{job.Id} was not paused."));
        Assert.All(jobs.Where(job => job.Enabled), job => Assert.Equal("Paused", StateOf(pausedPage, job.Id)));
        Assert.Equal(HttpStatusCode.NoContent, resumeAll.StatusCode);
        Assert.All(allResumed, job => Assert.False(job.Paused, $"{job.Id} stayed paused."));
        Assert.All(jobs.Where(job => job.Enabled), job => Assert.Equal("Scheduled", StateOf(resumedPage, job.Id)));
    }

    [Fact]
    public async Task The_dashboard_never_shows_the_storage_connection_string()
    {
        var storage = App.Services.GetRequiredService<JobStorage>();
        using var client = await SignedInAsync(Roles.Admin);

        foreach (var path in new[] { "/hangfire", "/hangfire/recurring", "/hangfire/servers", "/hangfire/jobs/succeeded", "/hangfire/flipflow/schedules" })
        {
            var html = await PageAsync(client, path);
            Assert.DoesNotContain(WebUtility.HtmlEncode(storage.ToString()!), html);
            Assert.DoesNotContain(App.Database.DataFolder, html);
            Assert.DoesNotContain(HangfireStorageFactory.SqliteFileName, html);
            Assert.DoesNotContain("Password", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(ConsoleThemes.Dark, true)]
    [InlineData("light", false)]
    [InlineData(null, false)]
    public async Task The_dashboard_is_dark_when_the_console_theme_cookie_is_dark_and_light_otherwise(string? cookie, bool dark)
    {
        using var client = await SignedInAsync(Roles.Viewer);
        var home = await PageAsync(client, "/hangfire");
        var darkSheet = DarkStylesheet().Match(home);
        Assert.True(darkSheet.Success, "The dashboard links no dark stylesheet.");

        var request = new HttpRequestMessage(HttpMethod.Get, WebUtility.HtmlDecode(darkSheet.Groups["href"].Value));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{ConsoleThemes.CookieName}={cookie}");
        }
        var response = await client.SendAsync(request);
        var css = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        // Unconditional rules when dark: none of them waits for the operating system's preference.
        Assert.DoesNotContain("prefers-color-scheme", css);
        Assert.Equal(dark, css.Contains("background-color", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_links_back_to_the_jobs_page_and_each_job_to_its_page_in_the_console()
    {
        using var client = await SignedInAsync(Roles.Viewer);

        var home = await PageAsync(client, "/hangfire");
        var schedules = await PageAsync(client, "/hangfire/flipflow/schedules");

        Assert.Matches("<a href=\"/jobs\">\\s*<span class=\"glyphicon glyphicon-log-out\">", home);
        Assert.Contains("href=\"/hangfire/flipflow/schedules\"", home);
        foreach (var job in await Scheduler.ListAsync())
        {
            Assert.Contains($"href=\"/jobs/{job.Id}\"", schedules);
        }
    }

    private static HttpContent? Empty(string method) => method == "POST" ? new FormUrlEncodedContent([]) : null;

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var (email, password) = await App.CreateUserAsync(role);
        var client = App.NewClient();
        var signedIn = await Forms.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}.");
        return await response.Content.ReadAsStringAsync();
    }

    private sealed record Token(string Header, string Value);

    /// <summary>The antiforgery header and token the dashboard's pages give their script to send with each command.</summary>
    private static async Task<Token> TokenAsync(HttpClient client)
    {
        var html = await PageAsync(client, "/hangfire/recurring");
        return new Token(Meta(html, "csrf-header"), Meta(html, "csrf-token"));
    }

    private static string Meta(string html, string name) =>
        Regex.Match(html, $"<meta name=\"{name}\" content=\"(?<value>[^\"]+)\"") is { Success: true } meta
            ? WebUtility.HtmlDecode(meta.Groups["value"].Value)
            : throw new InvalidOperationException($"The page has no {name} meta tag.");

    /// <summary>A command as the dashboard's script sends it: a form POST (batch commands carry job ids), the token in a header.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Token? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([new("jobs[]", DashboardApp.ProbeJob), new("jobs[]", Cleanup), new("jobs[]", "1")]),
        };
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        if (token is not null)
        {
            request.Headers.Add(token.Header, token.Value);
        }
        return client.SendAsync(request);
    }

    /// <summary>The state label of one job's row on FlipFlow's schedules page.</summary>
    private static string StateOf(string html, string jobId) =>
        Regex.Match(html, $"<tr data-testid=\"schedule-{jobId}\">.*?data-testid=\"schedule-state\"[^>]*>(?<state>[^<]+)<", RegexOptions.Singleline)
            is { Success: true } row
            ? row.Groups["state"].Value
            : throw new InvalidOperationException($"No row for {jobId}.");

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(?<href>/hangfire/css-dark[0-9]+)\">")]
    private static partial Regex DarkStylesheet();
}

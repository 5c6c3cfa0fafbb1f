using FlipFlow.Infrastructure.Jobs;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;

namespace FlipFlow.Web.Features.Jobs.Dashboard;

/// <summary>
/// FlipFlow's page in the dashboard's navigation: every catalogue job with its schedule, state, next and last run, and
/// (for those who may operate) Pause and Resume for each job and for all at once, sent as <see cref="ScheduleCommand"/>s.
/// Everything it shows is written through <see cref="RazorPage.Write(object)"/>, which encodes it.
/// </summary>
public sealed class ScheduleControlPage : RazorPage
{
    public const string Path = "/flipflow/schedules";

    public const string Title = "FlipFlow schedules";

    public override void Execute()
    {
        Layout = new LayoutPage(Title);
        var http = Context.GetHttpContext();
        // Hangfire renders a page synchronously, as its own pages read their storage: this one waits for the scheduler.
        var jobs = http.RequestServices.GetRequiredService<IJobScheduler>().ListAsync(http.RequestAborted).GetAwaiter().GetResult();

        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\">");
        WriteLiteral("<h1 id=\"page-title\" class=\"page-header\">");
        Write(Title);
        WriteLiteral("</h1><p>");
        Write("The jobs FlipFlow runs on a schedule (UTC). A paused job does not run on its schedule until resumed, in every "
            + "FlipFlow process, and shows as disabled on Recurring Jobs; Trigger now still runs it. Each job's runs, with "
            + "their attempts and logs, are on its page in the console.");
        WriteLiteral("</p>");
        if (!IsReadOnly)
        {
            WriteLiteral("<div class=\"btn-toolbar btn-toolbar-top\">");
            Button("pause-all", "Pause all", "Pausing…", "Pause every job's schedule? Runs already running carry on.");
            Button("resume-all", "Resume all", "Resuming…", "Resume every job's schedule? Fires missed while paused are skipped.");
            WriteLiteral("</div>");
        }
        WriteLiteral("<div class=\"table-responsive\"><table class=\"table\" data-testid=\"schedules\"><thead><tr>"
            + "<th>Job</th><th>Schedule (UTC)</th><th>State</th><th>Next run</th><th>Last run</th>");
        if (!IsReadOnly)
        {
            WriteLiteral("<th class=\"min-width\">Actions</th>");
        }
        WriteLiteral("</tr></thead><tbody>");
        foreach (var job in jobs)
        {
            Row(job);
        }
        WriteLiteral("</tbody></table></div></div></div>");
    }

    /// <summary>What the page says a job's schedule is doing.</summary>
    public static string State(JobStatus job) => job switch
    {
        { Paused: true } => "Paused",
        { Enabled: false } => "Switched off",
        _ => "Scheduled",
    };

    private void Row(JobStatus job)
    {
        WriteLiteral("<tr data-testid=\"schedule-");
        Write(job.Id);
        WriteLiteral("\"><td><a href=\"");
        Write($"{HangfireDashboard.BackTo}/{Uri.EscapeDataString(job.Id)}");
        WriteLiteral("\" data-testid=\"schedule-link\">");
        Write(job.Title);
        WriteLiteral("</a><br><small class=\"text-muted\">");
        Write(job.Id);
        WriteLiteral("</small></td><td>");
        if (job.CronInWords is not null)
        {
            Write(job.CronInWords);
            WriteLiteral("<br>");
        }
        WriteLiteral("<code>");
        Write(job.Cron);
        WriteLiteral("</code></td><td><span data-testid=\"schedule-state\" class=\"label ");
        WriteLiteral(State(job) switch { "Paused" => "label-warning", "Switched off" => "label-default", _ => "label-success" });
        WriteLiteral("\">");
        Write(State(job));
        WriteLiteral("</span></td><td class=\"nowrap\">");
        Write(JobFormatting.NextRun(job));
        WriteLiteral("</td><td data-testid=\"schedule-last-run\">");
        if (job.LastRun is { } run)
        {
            Write(JobFormatting.Outcome(run.Outcome));
            WriteLiteral("<br><small class=\"text-muted\">");
            Write($"{JobFormatting.UtcWithSeconds(run.StartedAt)} · {JobFormatting.Trigger(run)}");
            WriteLiteral("</small>");
        }
        else
        {
            Write("never run");
        }
        WriteLiteral("</td>");
        if (!IsReadOnly)
        {
            WriteLiteral("<td class=\"min-width\">");
            if (job.Paused)
            {
                Button($"resume/{job.Id}", "Resume", "Resuming…", null);
            }
            else if (job.Enabled)
            {
                Button($"pause/{job.Id}", "Pause", "Pausing…", null);
            }
            WriteLiteral("</td>");
        }
        WriteLiteral("</tr>");
    }

    /// <summary>A button Hangfire's script POSTs (with the antiforgery token) when clicked, then reloads the page.</summary>
    private void Button(string command, string text, string loading, string? confirm)
    {
        WriteLiteral("<button type=\"button\" class=\"btn btn-sm btn-default\" data-ajax=\"");
        Write(Url.To($"{Path}/{command}"));
        WriteLiteral("\" data-loading-text=\"");
        Write(loading);
        if (confirm is not null)
        {
            WriteLiteral("\" data-confirm=\"");
            Write(confirm);
        }
        WriteLiteral("\" data-testid=\"schedule-");
        Write(command.Replace('/', '-'));
        WriteLiteral("\">");
        Write(text);
        WriteLiteral("</button> ");
    }
}

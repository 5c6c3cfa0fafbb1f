using FlipFlow.Infrastructure.Jobs;
using Hangfire.Dashboard;

namespace FlipFlow.Web.Features.Jobs.Dashboard;

/// <summary>
/// A pause or resume sent from FlipFlow's page in the dashboard: a POST (with the antiforgery token, which the
/// dashboard checks before this runs) that goes through the requesting host's <see cref="IJobScheduler"/>, so it is
/// stored and reaches every process exactly as a pause from /jobs or the CLI does.
/// </summary>
public sealed class ScheduleCommand(Func<IJobScheduler, string, CancellationToken, Task> command) : IDashboardDispatcher
{
    public static readonly Func<IJobScheduler, string, CancellationToken, Task> Pause = (scheduler, id, token) => scheduler.PauseAsync(id, token);

    public static readonly Func<IJobScheduler, string, CancellationToken, Task> Resume = (scheduler, id, token) => scheduler.ResumeAsync(id, token);

    public static readonly Func<IJobScheduler, string, CancellationToken, Task> PauseAll = (scheduler, _, token) => scheduler.PauseAllAsync(token);

    public static readonly Func<IJobScheduler, string, CancellationToken, Task> ResumeAll = (scheduler, _, token) => scheduler.ResumeAllAsync(token);

    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        // Read-only first, as Hangfire's own commands answer, then the role itself: the dashboard's read-only rule
        // and this command must never disagree about who may change a schedule.
        if (context.IsReadOnly)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (!HangfireDashboard.MayOperate(http.User))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        var scheduler = http.RequestServices.GetRequiredService<IJobScheduler>();
        try
        {
            await command(scheduler, context.UriMatch.Groups["id"].Value, http.RequestAborted);
            http.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (Exception refused) when (refused is JobOperationException or UnknownJobException)
        {
            http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
    }
}

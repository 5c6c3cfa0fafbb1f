using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace FlipFlow.Web.Features.Jobs;

/// <summary>A jobs component whose buttons change the schedule: every command checks <see cref="Policies.CanOperate"/> on the server first.</summary>
public abstract class JobCommandComponent : GuardedComponent
{
    [Inject]
    protected IJobScheduler Scheduler { get; set; } = default!;

    /// <summary>
    /// Runs <paramref name="command"/> when this user may operate jobs, and says how it went: the text the command
    /// returns, under the action's name (<paramref name="title"/>, "Pause"), or the scheduler's reason for refusing.
    /// </summary>
    /// <returns>Whether the command ran to the end.</returns>
    protected async Task<bool> RunCommandAsync(string title, Func<Task<string>> command)
    {
        if (!await MayOperateAsync())
        {
            Notifications.Notify(NotificationSeverity.Error, "Not allowed", "Your role may look at jobs but not change them.", TimeSpan.FromSeconds(8));
            return false;
        }
        Busy = true;
        try
        {
            var done = await command();
            Notifications.Notify(NotificationSeverity.Success, title, done);
            return true;
        }
        catch (JobOperationException refused)
        {
            Notifications.Notify(NotificationSeverity.Error, $"{title} not done", refused.Message, TimeSpan.FromSeconds(8));
            return false;
        }
        catch (UnknownJobException unknown)
        {
            Notifications.Notify(NotificationSeverity.Error, $"{title} not done", unknown.Message, TimeSpan.FromSeconds(8));
            return false;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Whether this circuit's user may change jobs: Admin or Operator.</summary>
    protected Task<bool> MayOperateAsync() => MayAsync(Policies.CanOperate);
}

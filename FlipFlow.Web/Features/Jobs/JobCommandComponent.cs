using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

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
            Refuse("Not allowed: your role may look at jobs but not change them.");
            return false;
        }
        Busy = true;
        try
        {
            var done = await command();
            Snackbar.Add($"{title}: {done}", Severity.Success);
            return true;
        }
        catch (JobOperationException refused)
        {
            Refuse($"{title} not done: {refused.Message}");
            return false;
        }
        catch (UnknownJobException unknown)
        {
            Refuse($"{title} not done: {unknown.Message}");
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

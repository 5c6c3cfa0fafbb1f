using FlipFlow.Domain.Accounts;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;

namespace FlipFlow.Web.Features.Jobs;

/// <summary>
/// A jobs component whose buttons change the schedule. Hiding a button from a Viewer is not enough: a Blazor
/// event handler is not guarded by the page's policy, so every command checks <see cref="Policies.CanOperate"/>
/// on the server, for the user of this circuit, before it reaches the scheduler.
/// </summary>
public abstract class JobCommandComponent : ComponentBase
{
    [CascadingParameter]
    protected Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    protected IJobScheduler Scheduler { get; set; } = default!;

    [Inject]
    protected NotificationService Notifications { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    /// <summary>True while a command runs, for busy buttons.</summary>
    protected bool Busy { get; private set; }

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
    protected async Task<bool> MayOperateAsync()
    {
        if (AuthenticationState is null)
        {
            return false;
        }
        var user = (await AuthenticationState).User;
        return (await Authorization.AuthorizeAsync(user, Policies.CanOperate)).Succeeded;
    }
}

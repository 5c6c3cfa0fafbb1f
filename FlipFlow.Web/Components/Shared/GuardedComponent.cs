using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using MudBlazor;

namespace FlipFlow.Web.Components.Shared;

/// <summary>
/// The base of components whose buttons change something. A hidden button is not a guard: a Blazor event
/// handler is not covered by its page's policy, so every change asks <see cref="MayAsync"/> on the server, for
/// this circuit's user, before it reaches a service.
/// </summary>
public abstract class GuardedComponent : ComponentBase
{
    [CascadingParameter]
    protected Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    protected NotificationService Notifications { get; set; } = default!;

    /// <summary>Outcomes of the component's changes, as MudBlazor snackbars.</summary>
    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    /// <summary>Shows why a change was not done; it stays on screen until the user dismisses it.</summary>
    protected void ShowRefusal(string title, string message) =>
        Snackbar.Add($"{title}: not done. {message}", Severity.Error, options =>
        {
            options.RequireInteraction = true;
            options.ShowCloseIcon = true;
        });

    /// <summary>True while a change runs, for busy buttons.</summary>
    protected bool Busy { get; set; }

    /// <summary>Whether this circuit's user satisfies <paramref name="policy"/>.</summary>
    protected async Task<bool> MayAsync(string policy)
    {
        if (AuthenticationState is null)
        {
            return false;
        }
        var user = (await AuthenticationState).User;
        return (await Authorization.AuthorizeAsync(user, policy)).Succeeded;
    }
}

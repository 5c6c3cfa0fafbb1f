using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
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

    /// <summary>Outcomes of the component's changes, as MudBlazor snackbars.</summary>
    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    /// <summary>A success, shown for a few seconds.</summary>
    protected void Tell(string message) => Snackbar.Add(message, Severity.Success);

    /// <summary>Something the user should read before going on (part of a request left out): it stays until dismissed.</summary>
    protected void Warn(string message) => Snackbar.Add(message, Severity.Warning, Lasting);

    /// <summary>A refusal or an error: it stays on screen until the user dismisses it, so it cannot be missed.</summary>
    protected void Refuse(string message) => Snackbar.Add(message, Severity.Error, Lasting);

    /// <summary>Keeps a snackbar on screen until the user closes it.</summary>
    public static void Lasting(SnackbarOptions options)
    {
        options.RequireInteraction = true;
        options.ShowCloseIcon = true;
    }

    /// <summary>True while a change runs, for busy buttons.</summary>
    protected bool Busy { get; set; }

    /// <summary>Who is asking, as changes record it: the user's email.</summary>
    protected async Task<string> UserNameAsync() =>
        AuthenticationState is null ? "unknown" : (await AuthenticationState).User.Identity?.Name ?? "unknown";

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

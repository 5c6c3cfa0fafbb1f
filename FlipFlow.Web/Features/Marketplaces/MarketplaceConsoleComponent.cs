using FlipFlow.Infrastructure.Orchestration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;

namespace FlipFlow.Web.Features.Marketplaces;

/// <summary>
/// The base of the marketplace console's components (products, batches, marketplaces). A hidden button is not a
/// guard: a Blazor event handler is not covered by its page's policy, so every change checks its policy on the
/// server, for this circuit's user, before it reaches a service.
/// </summary>
public abstract class MarketplaceConsoleComponent : ComponentBase
{
    [CascadingParameter]
    protected Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    protected NotificationService Notifications { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    /// <summary>True while a change runs, for busy buttons.</summary>
    protected bool Busy { get; private set; }

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

    /// <summary>Who is asking, as batches and connections record it: the user's email.</summary>
    protected async Task<string> UserNameAsync() =>
        AuthenticationState is null ? "unknown" : (await AuthenticationState).User.Identity?.Name ?? "unknown";

    /// <summary>
    /// Runs <paramref name="change"/> when this user satisfies <paramref name="policy"/>, with <see cref="Busy"/> set;
    /// a batch rule that refuses it is shown as a message.
    /// </summary>
    /// <returns>Whether the change ran to the end.</returns>
    protected async Task<bool> RunAsync(string policy, string title, Func<Task> change)
    {
        if (!await MayAsync(policy))
        {
            Notifications.Notify(NotificationSeverity.Error, "Not allowed", "Your role may look at this but not change it.", TimeSpan.FromSeconds(8));
            return false;
        }
        Busy = true;
        try
        {
            await change();
            return true;
        }
        catch (BatchRuleException refused)
        {
            Notifications.Notify(NotificationSeverity.Error, $"{title}: not done", refused.Message, TimeSpan.FromSeconds(10));
            return false;
        }
        finally
        {
            Busy = false;
        }
    }
}

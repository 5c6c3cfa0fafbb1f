using FlipFlow.Infrastructure.Batches;
using FlipFlow.Web.Components.Shared;
using MudBlazor;

namespace FlipFlow.Web.Features.Marketplaces;

/// <summary>The base of the marketplace console's components (products, batches, marketplaces, zombies).</summary>
public abstract class MarketplaceConsoleComponent : GuardedComponent
{
    /// <summary>Who is asking, as batches and connections record it: the user's email.</summary>
    protected async Task<string> UserNameAsync() =>
        AuthenticationState is null ? "unknown" : (await AuthenticationState).User.Identity?.Name ?? "unknown";

    /// <summary>
    /// Runs <paramref name="change"/> when this user satisfies <paramref name="policy"/>, with <see cref="GuardedComponent.Busy"/> set;
    /// a batch rule that refuses it is shown as a message that stays until it is dismissed.
    /// </summary>
    /// <returns>Whether the change ran to the end.</returns>
    protected async Task<bool> RunAsync(string policy, string title, Func<Task> change)
    {
        if (!await MayAsync(policy))
        {
            Refuse("Not allowed: your role may look at this but not change it.");
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
            Refuse($"{title}: not done. {refused.Message}");
            return false;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>A success, shown for a few seconds.</summary>
    protected void Tell(string message) => Snackbar.Add(message, Severity.Success);

    /// <summary>Something the user should read before going on (part of a request left out): it stays until dismissed.</summary>
    protected void Warn(string message) => Snackbar.Add(message, Severity.Warning, Lasting);

    /// <summary>A refusal or an error: it stays on screen until the user dismisses it, so it cannot be missed.</summary>
    protected void Refuse(string message) => Snackbar.Add(message, Severity.Error, Lasting);

    private static void Lasting(SnackbarOptions options)
    {
        options.RequireInteraction = true;
        options.ShowCloseIcon = true;
    }
}

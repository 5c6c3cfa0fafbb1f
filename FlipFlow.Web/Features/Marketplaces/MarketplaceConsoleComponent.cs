using FlipFlow.Infrastructure.Batches;
using FlipFlow.Web.Components.Shared;

namespace FlipFlow.Web.Features.Marketplaces;

/// <summary>The base of the marketplace console's components (products, batches, marketplaces, zombies).</summary>
public abstract class MarketplaceConsoleComponent : GuardedComponent
{
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
            ShowRefusal(title, "Your role may look at this but not change it.");
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
            ShowRefusal(title, refused.Message);
            return false;
        }
        finally
        {
            Busy = false;
        }
    }
}

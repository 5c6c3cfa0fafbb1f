using FlipFlow.Infrastructure.Batches;
using FlipFlow.Web.Components.Shared;

namespace FlipFlow.Web.Features.Marketplaces;

/// <summary>The base of the marketplace console's components (products, batches, marketplaces, zombies).</summary>
public abstract class MarketplaceConsoleComponent : GuardedComponent
{
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
}

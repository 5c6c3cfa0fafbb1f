using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Marketplaces.Demo;

/// <summary>What one turn of the Demo market did.</summary>
public sealed record DemoActivity(int Listings, int Impressions, int Views, int NewWatchers, int Sales)
{
    public override string ToString() =>
        $"advanced {Listings} Demo listings: {Impressions} impressions, {Views} views, {NewWatchers} new watchers, {Sales} sales";
}

/// <summary>
/// Makes the Demo marketplace feel like a market: since its last turn, each live listing is shown in search,
/// viewed and watched (less as it ages, views more when cheap) and may sell, with a chance that falls with its
/// price and its age. A listing whose last unit sells ends as Sold. Works a page of listings per transaction.
/// </summary>
public sealed class DemoMarketActivity(IDbContextFactory<FlipFlowDbContext> contexts, DemoRandom random, TimeProvider clock)
{
    private const int PageSize = 1000;

    public async Task<DemoActivity> AdvanceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var total = new DemoActivity(0, 0, 0, 0, 0);
        var lastId = 0L;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var page = await db.DemoListings
                .Where(listing => listing.Status == ListingStatus.Active && listing.Id > lastId)
                .OrderBy(listing => listing.Id)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return total;
            }
            lastId = page[^1].Id;
            foreach (var listing in page.Where(listing => listing.ActivityUntil < now))
            {
                var turn = Advance(listing, now);
                total = new DemoActivity(total.Listings + 1, total.Impressions + turn.Impressions, total.Views + turn.Views,
                    total.NewWatchers + turn.NewWatchers, total.Sales + turn.Sales);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private DemoActivity Advance(DemoListing listing, DateTimeOffset now)
    {
        var hours = (now - listing.ActivityUntil).TotalHours;
        var ageDays = Math.Max(0, (now - listing.CreatedAt).TotalDays);
        var price = (double)listing.Price;
        // Search shows new listings most; a listing's click-through is better when it is cheap.
        var impressions = Draw(hours * (2 + 18 * Math.Exp(-ageDays / 45)));
        var views = Draw(impressions * (0.02 + 0.06 / (1 + price / 25)));
        var watchers = Draw(views * 0.04);
        var sellChancePerDay = 0.002 + 0.05 * Math.Exp(-ageDays / 30) / (1 + price / 40) + 0.02 * Math.Min(listing.Watchers, 5) / 5;
        var sells = random.Next() < 1 - Math.Pow(1 - sellChancePerDay / 24, hours) ? 1 : 0;
        listing.Impressions += impressions;
        listing.Views += views;
        listing.Watchers += watchers;
        if (sells > 0)
        {
            listing.Quantity -= 1;
            listing.QuantitySold += 1;
            listing.LastSaleAt = now;
            if (listing.Quantity <= 0)
            {
                listing.Quantity = 0;
                listing.Status = ListingStatus.Sold;
                listing.EndedAt = now;
            }
        }
        listing.ActivityUntil = now;
        return new DemoActivity(1, impressions, views, watchers, sells);
    }

    /// <summary>A whole count around <paramref name="mean"/>: the mean give or take half, rounded at random.</summary>
    private int Draw(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        var value = mean * (0.5 + random.Next());
        var whole = Math.Floor(value);
        return (int)whole + (random.Next() < value - whole ? 1 : 0);
    }
}

/// <summary>Turns the Demo market every 15 minutes, so its listings gather views, watchers and sales.</summary>
public sealed class DemoMarketWork(DemoMarketActivity activity) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "demo-market",
        "Demo market activity",
        "Gives the Demo marketplace's live listings the impressions, views, watchers and sales a real market would since the last turn.",
        "0 0/15 * * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken) =>
        (await activity.AdvanceAsync(cancellationToken)).ToString();
}

using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Market.Demo;

namespace FlipFlow.Tests.Market;

/// <summary>The demo market on its own: the same answer for the same time, and a market with something in it to find.</summary>
public sealed class DemoMarketTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<ObservedListing> Read = new DemoMarket(MarketTestCards.Make(60)).ReadAt(Now);

    [Fact]
    public void The_same_catalogue_and_time_read_the_same_market_in_a_new_instance()
    {
        var again = new DemoMarket(MarketTestCards.Make(60)).ReadAt(Now);

        Assert.Equal(Read, again);
    }

    [Fact]
    public void External_ids_are_unique_per_platform()
    {
        Assert.Equal(Read.Count, Read.Select(listing => (listing.Platform, listing.ExternalId)).Distinct().Count());
    }

    [Fact]
    public void It_shows_actives_and_recent_sales_on_every_platform()
    {
        var actives = Read.Count(listing => listing.Status == MarketListingStatus.Active);
        var sold = Read.Where(listing => listing.Status == MarketListingStatus.Sold).ToList();

        Assert.InRange(actives, 1000, 6000);
        Assert.InRange(sold.Count, 300, actives * 2);
        Assert.All(sold, listing => Assert.InRange(listing.SoldAt!.Value, Now.AddDays(-DemoMarket.SoldVisibleDays), Now));
        // Every platform a market source reads; shop listings come only from imports from addresses.
        Assert.Equal([MarketPlatform.Ebay, MarketPlatform.Blokpax, MarketPlatform.ShootStrayt], Read.Select(listing => listing.Platform).Distinct().Order());
    }

    [Fact]
    public void Seller_text_comes_in_the_forms_the_platforms_show()
    {
        var sellers = Read.Select(listing => listing.SellerText!).Distinct().ToList();

        Assert.Contains(sellers, text => System.Text.RegularExpressions.Regex.IsMatch(text, @"^\w+  \d{2,3}\.\d% positive \(\d+(\.\d)?K?\)Top Rated Plus$"));
        Assert.Contains(sellers, text => System.Text.RegularExpressions.Regex.IsMatch(text, @"^\w+ \(\d+\) \d{2,3}\.\d%$"));
        Assert.Contains(sellers, text => text.StartsWith("/usr/", StringComparison.Ordinal));
        Assert.Contains(sellers, text => System.Text.RegularExpressions.Regex.IsMatch(text, @"^p\d+\.m\d+\.l\d+$"));
        Assert.Contains(sellers, text => System.Text.RegularExpressions.Regex.IsMatch(text, "^0x[0-9a-f]{40}$"));
        Assert.Contains(sellers, text => System.Text.RegularExpressions.Regex.IsMatch(text, "^0x[0-9a-f]{4}…[0-9a-f]{4}$"));
        // Each seller's own text, and the plain name a seller cross-lists under on another platform.
        Assert.InRange(sellers.Count, 100, 2 * DemoMarket.SellerCount);
    }

    [Fact]
    public void It_holds_slabs_sealed_product_bulk_lots_other_games_duplicates_and_outliers()
    {
        Assert.Contains(Read, listing => listing.Title.StartsWith("PSA 10 ", StringComparison.Ordinal));
        Assert.Contains(Read, listing => listing.Title.Contains("Booster Box", StringComparison.Ordinal));
        Assert.Contains(Read, listing => listing.Title.Contains("Bulk Lot", StringComparison.Ordinal));
        Assert.Contains(Read, listing => listing.Title.StartsWith("Pokemon", StringComparison.Ordinal));
        Assert.Contains(Read, listing => listing.Title.Contains("alt art", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Read.GroupBy(listing => (listing.Title, listing.Price)), group => group.Select(listing => listing.Platform).Distinct().Count() > 1);
        Assert.Contains(Read, listing => listing.Price > 999m);
    }

    [Fact]
    public void Rare_cards_in_shiny_treatments_sell_through_faster_than_common_paper()
    {
        var market = new DemoMarket(MarketTestCards.Make(60));
        var listings = market.ListedBetween(DemoMarket.DayOf(Now) - 60, DemoMarket.DayOf(Now) - 31).ToList();

        double SellThrough(Func<string, bool> title) =>
            listings.Where(listing => title(listing.Title)).Average(listing => listing.SoldAt is null ? 0.0 : 1.0);

        var commonPaper = SellThrough(title => title.Contains("Classic Paper", StringComparison.OrdinalIgnoreCase) && MarketTestCards.Make(60)
            .Any(card => card.Rarity == "Common" && title.Contains(card.Name, StringComparison.Ordinal)));
        var mythicFoil = SellThrough(title => title.Contains("Formless Foil", StringComparison.OrdinalIgnoreCase) && MarketTestCards.Make(60)
            .Any(card => card.Rarity == "Mythic" && title.Contains(card.Name, StringComparison.Ordinal)));

        Assert.InRange(commonPaper, 0.01, 0.6);
        Assert.InRange(mythicFoil, commonPaper + 0.2, 0.99);
    }

    [Fact]
    public void Some_prices_move_between_two_reads_six_hours_apart()
    {
        var later = new DemoMarket(MarketTestCards.Make(60)).ReadAt(Now.AddHours(6)).ToDictionary(listing => (listing.Platform, listing.ExternalId));

        var moved = Read.Count(listing => listing.Status == MarketListingStatus.Active && later.TryGetValue((listing.Platform, listing.ExternalId), out var after)
            && after.Status == MarketListingStatus.Active && after.Price != listing.Price);

        Assert.InRange(moved, 1, 100);
    }
}

using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Domain.Supply;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Infrastructure.Supply;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Supply;

/// <summary>Supply analytics on a small fixed data set, against figures worked out by hand, with merged accounts counted as one seller.</summary>
[Trait("Category", "Integration")]
public sealed class SupplyAnalyticsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(Now));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<CardCatalog>().SeedAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Merged_accounts_are_one_seller_and_the_hhi_top_five_trend_and_velocity_match_a_hand_computation()
    {
        int card;
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync())
        {
            card = await db.Cards.Where(one => one.Number == "143/401").Select(one => one.Id).FirstAsync();
            var sellers = new[] { "alpha", "alpha-blokpax", "beta", "gamma" }.Select(name => new Seller
            {
                Platform = name.EndsWith("blokpax", StringComparison.Ordinal) ? MarketPlatform.Blokpax : MarketPlatform.Ebay, PlatformSellerId = name,
                DisplayName = name, FirstSeenAt = Now, LastSeenAt = Now,
            }).ToList();
            db.Sellers.AddRange(sellers);
            await db.SaveChangesAsync();
            // alpha-blokpax was merged into alpha: alpha holds 4 + 2 = 6 units, beta 3, gamma 1 (and 0 of another, which counts for nothing).
            sellers[1].MergedIntoId = sellers[0].Id;
            sellers[1].IsActive = false;
            InventoryItem Item(Seller seller, string listing, int quantity) => new()
            {
                SellerId = seller.Id, CardId = card, Treatment = Treatments.ClassicPaper, ListingId = listing, Sku = "", Quantity = quantity, Price = 1m, Currency = "USD",
                ListedAt = Now, UpdatedAt = Now, LastVerifiedAt = Now,
            };
            db.InventoryItems.AddRange(Item(sellers[0], "a1", 4), Item(sellers[1], "b1", 2), Item(sellers[2], "c1", 3), Item(sellers[3], "d1", 1), Item(sellers[3], "d2", 0));
            // Sold after 2, 4 and 10 days, and one after 200 days, which is left out: the median of 2, 4 and 10 is 4.
            foreach (var (days, id) in new[] { (2, "s1"), (4, "s2"), (10, "s3"), (200, "s4") })
            {
                db.MarketListings.Add(new MarketListing
                {
                    Platform = MarketPlatform.Ebay, ExternalId = id, Title = "143 A-90", Status = MarketListingStatus.Sold, Price = 5m, Currency = "USD",
                    FirstSeenAt = Now.AddDays(-days - 1), LastSeenAt = Now.AddDays(-1), SoldAt = Now.AddDays(-1), SellerId = sellers[2].Id, CardId = card,
                    Treatment = Treatments.ClassicPaper, ProductType = MarketProductType.Single,
                });
            }
            await db.SaveChangesAsync();
        }
        await host.Services.GetRequiredService<InventorySnapshotter>().TakeAsync(DateOnly.FromDateTime(Now.UtcDateTime));
        var analytics = host.Services.GetRequiredService<SupplyAnalytics>();

        var supply = (await analytics.CardAsync(card))!;
        var trend = await analytics.TrendAsync(card, null, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 4));
        var velocity = await analytics.CardVelocityAsync(card);

        // Shares 60%, 30%, 10%: HHI = 3,600 + 900 + 100 = 4,600, highly concentrated.
        Assert.Equal((3, 10, 4600.0, ConcentrationLevel.HighlyConcentrated), (supply.Sellers, supply.Units, supply.Hhi, supply.Level));
        Assert.Equal(["alpha 6 60", "beta 3 30", "gamma 1 10"], supply.Top.Select(seller => $"{seller.SellerName} {seller.Quantity} {seller.Share}").ToList());
        Assert.Equal([new SupplyDay(new DateOnly(2026, 12, 4), 3, 10, 4600.0, 100.0)], trend);
        Assert.Equal(new Velocity(4.0, 3, 1, 0), velocity);
    }
}

using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Catalog;

/// <summary>The shipped "Existence" catalogue and <see cref="CardCatalog"/> seeding it into a real database.</summary>
[Trait("Category", "Integration")]
public sealed class CardCatalogTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public void The_shipped_catalogue_has_437_printings_with_secret_mythics_above_401_and_alt_art_promos_sharing_their_base_cards_number()
    {
        var printings = ExistenceCatalogue.Printings;

        Assert.Equal(437, printings.Count);
        Assert.All(printings.Where(card => int.Parse(card.Number.Split('/')[0]) > 401), card => Assert.Equal("Secret Mythic", card.Rarity));
        var promos = printings.Where(card => card.Rarity.Contains("Alt Art Promo", StringComparison.Ordinal)).ToList();
        // The data has 30 alt-art promos (six per rarity, Common to Mythic).
        Assert.Equal(30, promos.Count);
        Assert.All(promos, promo => Assert.Contains(printings, card => card.Number == promo.Number && card.Name == promo.Name && card.Rarity != promo.Rarity));
        Assert.Equal(437, printings.Select(card => (card.Number, card.Rarity)).Distinct().Count());
        Assert.Equal("Item", printings.Single(card => card.Number == "143/401" && card.Rarity == "Rare").CardType);
        Assert.True(printings.Count(card => card.CardType is null) < 5, "Nearly every printing has its card type.");
    }

    [Fact]
    public async Task Seeding_adds_every_printing_once_and_a_second_seed_adds_nothing()
    {
        var catalog = host.Services.GetRequiredService<CardCatalog>();

        Assert.Equal(437, await catalog.SeedAsync());
        Assert.Equal(0, await catalog.SeedAsync());

        var stored = await host.Services.QueryAsync(async (FlipFlowDbContext db) => await db.Cards.CountAsync());
        Assert.Equal(437, stored);
    }

    [Fact]
    public async Task Seeding_fills_in_what_is_missing_and_keeps_what_is_there()
    {
        var catalog = host.Services.GetRequiredService<CardCatalog>();
        await catalog.SeedAsync();
        var removed = await host.Services.QueryAsync(async (FlipFlowDbContext db) =>
        {
            var card = await db.Cards.OrderBy(card => card.Id).Skip(10).FirstAsync();
            db.Cards.Remove(card);
            await db.SaveChangesAsync();
            return card.Number;
        });

        Assert.Equal(1, await catalog.SeedAsync());
        var numbers = await host.Services.QueryAsync(async (FlipFlowDbContext db) => await db.Cards.Select(card => card.Number).ToListAsync());
        Assert.Contains(removed, numbers);
        Assert.Equal(437, numbers.Count);
    }
}

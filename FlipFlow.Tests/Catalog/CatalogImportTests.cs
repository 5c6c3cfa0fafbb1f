using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Catalog;

/// <summary><see cref="CatalogImport"/> adding a card set from a CSV to a real database: all or nothing, and a dry run writes nothing.</summary>
[Trait("Category", "Integration")]
public sealed class CatalogImportTests : IAsyncLifetime
{
    private const string NewSet =
        "set,number,name,rarity,card_type\n" +
        "Genesis,001/120,Ashen Warden,Common,Wonder\n" +
        "Genesis,002/120,\"Cinder, the Bold\",Rare,Wonder\n" +
        "Genesis,P-001,Ember Sigil,Promo,Item\n";

    private TestDatabase database = default!;
    private IHost host = default!;

    private CatalogImport Import => host.Services.GetRequiredService<CatalogImport>();

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

    private Task<List<Card>> CardsAsync() =>
        host.Services.QueryAsync(async (FlipFlowDbContext db) => await db.Cards.OrderBy(card => card.Number).ToListAsync());

    [Fact]
    public async Task A_new_set_is_added_and_importing_it_again_leaves_it_unchanged()
    {
        var first = await Import.ImportAsync(NewSet, dryRun: false);

        Assert.Equal((3, 0, 0, false), (first.Added, first.Updated, first.Unchanged, first.DryRun));
        Assert.True(first.Succeeded);
        var cards = await CardsAsync();
        Assert.Equal(["001/120", "002/120", "P-001"], cards.Select(card => card.Number));
        Assert.Equal("Cinder, the Bold", cards[1].Name);
        Assert.Equal(["Wonder", "Wonder", "Item"], cards.Select(card => card.CardType));

        var again = await Import.ImportAsync(NewSet, dryRun: false);

        Assert.Equal((0, 0, 3), (again.Added, again.Updated, again.Unchanged));
        Assert.Empty(again.Problems);
        Assert.Equal(3, (await CardsAsync()).Count);
    }

    [Fact]
    public async Task A_card_already_there_takes_the_files_name_and_card_type_and_an_empty_card_type_keeps_the_one_known()
    {
        await Import.ImportAsync(NewSet, dryRun: false);

        var result = await Import.ImportAsync(
            "number,set,rarity,name,card_type\n" +
            "001/120,Genesis,Common,Ashen Warden,Spell\n" +
            "002/120,Genesis,Rare,\"Cinder, the Brave\",\n" +
            "P-001,Genesis,Promo,Ember Sigil,\n" +
            "003/120,Genesis,Common,Dusk Hound,\n", dryRun: false);

        Assert.Equal((1, 2, 1), (result.Added, result.Updated, result.Unchanged));
        var cards = await CardsAsync();
        Assert.Equal(["Spell", "Wonder", null, "Item"], cards.Select(card => card.CardType));
        Assert.Equal("Cinder, the Brave", cards[1].Name);
    }

    [Fact]
    public async Task A_file_with_one_bad_row_writes_nothing()
    {
        await Import.ImportAsync(NewSet, dryRun: false);

        var result = await Import.ImportAsync(
            "set,number,name,rarity\n" +
            "Genesis,001/120,Ashen Warden Renamed,Common\n" +
            "Genesis,not a number,Bad Row,Common\n" +
            "Genesis,004/120,Fresh Card,Common\n", dryRun: false);

        Assert.False(result.Succeeded);
        Assert.Equal((0, 0, 0), (result.Added, result.Updated, result.Unchanged));
        Assert.Equal([new CatalogCsvProblem(3, "number", "'not a number' is not a collector number: write it like 143/401, P-043 or 12.")], result.Problems);
        var cards = await CardsAsync();
        Assert.Equal(3, cards.Count);
        Assert.Equal("Ashen Warden", cards[0].Name);
    }

    [Fact]
    public async Task A_dry_run_counts_what_an_import_would_do_and_writes_nothing()
    {
        var preview = await Import.ImportAsync(NewSet, dryRun: true);

        Assert.Equal((3, 0, 0, true), (preview.Added, preview.Updated, preview.Unchanged, preview.DryRun));
        Assert.Empty(await CardsAsync());

        await Import.ImportAsync(NewSet, dryRun: false);
        var renamed = await Import.ImportAsync(NewSet.Replace("Ember Sigil", "Ember Seal", StringComparison.Ordinal) + "Genesis,005/120,Gale Rider,Common,\n",
            dryRun: true);

        Assert.Equal((1, 1, 2, true), (renamed.Added, renamed.Updated, renamed.Unchanged, renamed.DryRun));
        var cards = await CardsAsync();
        Assert.Equal(3, cards.Count);
        Assert.Equal("Ember Sigil", cards[2].Name);
    }

    [Fact]
    public async Task The_shipped_printings_are_matched_by_set_number_and_rarity()
    {
        await host.Services.GetRequiredService<CardCatalog>().SeedAsync();
        var shipped = ExistenceCatalogue.Printings.Single(card => card.Number == "143/401" && card.Rarity == "Rare");

        var result = await Import.ImportAsync(
            $"set,number,name,rarity,card_type\n{shipped.Set},{shipped.Number},{shipped.Name},{shipped.Rarity},{shipped.CardType}\n", dryRun: false);

        Assert.Equal((0, 0, 1), (result.Added, result.Updated, result.Unchanged));
        Assert.Equal(437, (await CardsAsync()).Count);
    }
}

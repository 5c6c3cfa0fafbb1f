using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Imports;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Infrastructure.Skus;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Imports;

/// <summary>Inventory imports on a real database: the preview, all-or-nothing on bad rows, skip-invalid, undo row for row, cancel, and review.</summary>
[Trait("Category", "Integration")]
public sealed class InventoryImportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Start);
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await Service<CardCatalog>().SeedAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    private Task<ImportRun> ImportAsync(string csv, bool skipInvalid = false, MarketPlatform? platform = null) =>
        ImportAsync(csv, skipInvalid, platform, cancelFirst: false);

    private async Task<ImportRun> ImportAsync(string csv, bool skipInvalid, MarketPlatform? platform, bool cancelFirst)
    {
        var imports = Service<InventoryImports>();
        using var file = InventoryFiles.Stream(csv);
        var queued = await imports.QueueAsync(file, "inventory.csv", platform, skipInvalid, "ops@example.com");
        if (cancelFirst)
        {
            // As if an operator pressed Cancel once the import had begun: the flag a running import reads before each batch.
            await host.Services.QueryAsync(db => db.ImportRuns.Where(run => run.Id == queued.Id)
                .ExecuteUpdateAsync(update => update.SetProperty(run => run.CancelRequested, true)));
        }
        clock.Advance(TimeSpan.FromMinutes(1));
        return await Service<InventoryImportRunner>().RunAsync(queued.Id);
    }

    /// <summary>Every inventory item, as the table holds it, in a stable order: to compare before and after row for row.</summary>
    private Task<List<string>> InventoryAsync() => host.Services.QueryAsync(async db =>
        (await db.InventoryItems.AsNoTracking().OrderBy(item => item.Id).ToListAsync())
            .Select(item => $"{item.Id}|{item.SellerId}|{item.CardId}|{item.Treatment}|{item.ListingId}|{item.Sku}|{item.Quantity}|{item.Price}|" +
                $"{item.Notes}|{item.ListedAt:O}|{item.UpdatedAt:O}|{item.LastVerifiedAt:O}|{item.LastImportId}").ToList());

    [Fact]
    public async Task The_preview_of_a_file_with_five_broken_cells_lists_exactly_those_five_and_writes_nothing()
    {
        using var file = InventoryFiles.Stream(InventoryFiles.Build(1000, brokenCells: true));

        var preview = await Service<InventoryPreviewer>().PreviewAsync(file, null, "ops@example.com");

        Assert.Equal(InventoryFiles.Broken.Select(broken => (broken.Row, broken.Column)), preview.Problems.Select(problem => (problem.Row, problem.Column)));
        Assert.Equal((1000, 995, 5, 0), (preview.Rows, preview.GoodRows, preview.BadRows, preview.HeldRows));
        Assert.Equal((995, 0, 0), (preview.Added, preview.Updated, preview.Unchanged));
        Assert.Equal(4, preview.NewSellers);
        Assert.Equal("comma", preview.Delimiter);
        Assert.Contains(preview.Sample, row => row.Row == 12 && row.Problems.Single().Column == "platform");
        Assert.Empty(await InventoryAsync());
        Assert.Equal(0, await host.Services.QueryAsync(db => db.SkuMappings.CountAsync()));
    }

    [Fact]
    public async Task A_file_with_errors_imports_nothing_unless_the_operator_chose_to_skip_them_and_then_the_good_rows_import()
    {
        var csv = InventoryFiles.Build(1000, brokenCells: true);

        var refused = await ImportAsync(csv);
        Assert.Equal(ImportStatus.Failed, refused.Status);
        Assert.Equal(5, refused.Refused);
        Assert.Empty(await InventoryAsync());
        var reasons = await Service<InventoryImports>().SetAsideRowsAsync(refused.Id, 0, 10);
        Assert.Equal([12, 202, 403, 604, 905], reasons.Select(row => row.Row));

        var skipped = await ImportAsync(csv, skipInvalid: true);
        Assert.Equal(ImportStatus.Partial, skipped.Status);
        Assert.True(skipped.SkipInvalid);
        Assert.Equal((1000, 995, 5, 4, 300), (skipped.ProcessedRows, skipped.Added, skipped.Refused, skipped.NewSellers, skipped.NewMappings));
        Assert.Equal(995, (await InventoryAsync()).Count);

        var download = new StringWriter();
        await Service<InventoryImports>().WriteSetAsideCsvAsync(skipped.Id, download);
        var lines = download.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,reason," + InventoryFiles.Header, lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("403,", lines[3]);
        // The formula-looking cell comes back neutralised, so a spreadsheet shows it as text.
        Assert.Contains("'=HYPERLINK", lines[3]);
    }

    [Fact]
    public async Task Undo_restores_the_inventory_row_for_row_and_is_refused_while_a_later_import_changed_the_same_items()
    {
        var first = await ImportAsync(InventoryFiles.Build(600));
        Assert.Equal((600, ImportStatus.Succeeded), (first.Added, first.Status));
        var afterFirst = await InventoryAsync();

        // The second file changes the quantity of every other row and adds 100 new items.
        var second = await ImportAsync(InventoryFiles.Build(700, quantityShift: 2));
        Assert.Equal((100, 600, 0), (second.Added, second.Updated, second.Unchanged));
        Assert.NotEqual(afterFirst, (await InventoryAsync()).Take(600).ToList());

        var blocked = await Assert.ThrowsAsync<ImportActionException>(() => Service<InventoryImports>().UndoAsync(first.Id, "ops@example.com"));
        Assert.Contains($"Import {second.Id} changed the same inventory", blocked.Message);

        var undone = await Service<InventoryImports>().UndoAsync(second.Id, "ops@example.com");
        Assert.Equal(ImportStatus.Undone, undone.Status);
        Assert.Equal(afterFirst, await InventoryAsync());

        await Service<InventoryImports>().UndoAsync(first.Id, "ops@example.com");
        Assert.Empty(await InventoryAsync());
        var again = await Assert.ThrowsAsync<ImportActionException>(() => Service<InventoryImports>().UndoAsync(first.Id, "ops@example.com"));
        Assert.Contains("undone already", again.Message);
    }

    [Fact]
    public async Task Importing_the_same_file_again_finds_every_item_unchanged_and_undoing_that_restores_when_each_was_last_verified()
    {
        var csv = InventoryFiles.Build(300);
        await ImportAsync(csv);
        var before = await InventoryAsync();

        var again = await ImportAsync(csv);

        Assert.Equal((0, 0, 300), (again.Added, again.Updated, again.Unchanged));
        Assert.NotEqual(before, await InventoryAsync());
        await Service<InventoryImports>().UndoAsync(again.Id, "ops@example.com");
        Assert.Equal(before, await InventoryAsync());
    }

    [Fact]
    public async Task An_item_saved_elsewhere_with_the_same_values_is_found_unchanged()
    {
        var sellerId = await host.Services.QueryAsync(async db =>
        {
            var seller = new FlipFlow.Domain.Sellers.Seller { Platform = MarketPlatform.ShootStrayt, PlatformSellerId = "shop0", DisplayName = "shop0" };
            db.Sellers.Add(seller);
            await db.SaveChangesAsync();
            var card = await db.Cards.SingleAsync(card => card.Number == "143/401");
            db.InventoryItems.Add(new FlipFlow.Domain.Inventory.InventoryItem
            {
                SellerId = seller.Id, CardId = card.Id, Treatment = "Classic Paper", ListingId = "", Sku = "WOTF-EXISTENCE-143-RAR-CP",
                Quantity = 3, Price = 17.50m, Currency = "USD", Notes = "kept", ListedAt = Start, UpdatedAt = Start, LastVerifiedAt = Start,
            });
            await db.SaveChangesAsync();
            return seller.Id;
        });

        var run = await ImportAsync($"{InventoryFiles.Header}\r\nshootstrayt,shop0,WOTF-EXISTENCE-143-RAR-CP,3,17.50,kept\r\nshootstrayt,shop0,WOTF-EXISTENCE-143-RAR-CF,3,17.5,\r\n");

        Assert.Equal((1, 0, 1), (run.Added, run.Updated, run.Unchanged));
        Assert.Equal(Start, await host.Services.QueryAsync(db => db.InventoryItems.Where(item => item.SellerId == sellerId && item.Notes == "kept")
            .Select(item => item.UpdatedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_cancelled_import_leaves_nothing_written()
    {
        await ImportAsync(InventoryFiles.Build(300));
        var before = await InventoryAsync();

        var cancelled = await ImportAsync(InventoryFiles.Build(900, quantityShift: 1), skipInvalid: false, platform: null, cancelFirst: true);

        Assert.Equal(ImportStatus.Cancelled, cancelled.Status);
        Assert.Equal(before, await InventoryAsync());
    }

    [Fact]
    public async Task Rows_whose_SKU_goes_to_review_are_held_and_the_next_import_after_approval_uses_the_mapping()
    {
        // 028/401 is both a card and its alt-art promo: the SKU alone cannot say which.
        var csv = $"{InventoryFiles.Header}\r\nshootstrayt,shop9,WOTF-EXISTENCE-028-MYT-CP,2,80.00,\r\nshootstrayt,shop9,WOTF-EXISTENCE-143-RAR-CP,1,,ask\r\n";

        var first = await ImportAsync(csv);

        Assert.Equal((ImportStatus.Partial, 1, 1, 1, 1), (first.Status, first.Added, first.Held, first.NewMappings, first.MappingsToReview));
        var (queue, _) = await Service<SkuReview>().ListAsync(new SkuMappingFilter(MarketPlatform.ShootStrayt, SkuMappingStatus.Review), 0, 10);
        var waiting = Assert.Single(queue);
        Assert.Equal("WOTF-EXISTENCE-028-MYT-CP", waiting.Sku);
        Assert.Equal("Mythic", waiting.Card!.Rarity);
        Assert.EndsWith("Alt Art Promo Mythic", waiting.RunnerUp!.Rarity);

        await Service<SkuReview>().ApproveAsync([waiting.Id], "ops@example.com", "Base card, checked the photo.");
        var second = await ImportAsync(csv);

        Assert.Equal((ImportStatus.Succeeded, 1, 0, 1), (second.Status, second.Added, second.Held, second.Unchanged));
        var items = await host.Services.QueryAsync(db => db.InventoryItems.OrderBy(item => item.Id)
            .Select(item => new { item.Sku, item.Quantity, item.Price, item.Treatment }).ToListAsync());
        Assert.Equal(2, items.Count);
        Assert.Null(items[0].Price);
        Assert.Equal(("WOTF-EXISTENCE-028-MYT-CP", 2, 80.00m, "Classic Paper"), (items[1].Sku, items[1].Quantity, items[1].Price!.Value, items[1].Treatment));
        var decision = await host.Services.QueryAsync(db => db.SkuMappingDecisions.SingleAsync());
        Assert.Equal((SkuDecisionAction.Approved, "ops@example.com"), (decision.Action, decision.DecidedBy));
    }

    [Fact]
    public async Task Inventory_stays_with_the_account_that_holds_it_and_a_merge_shows_it_under_the_target_at_any_depth()
    {
        static string File(int quantityOfA) => $"{InventoryFiles.Header}\r\nshootstrayt,shopA,WOTF-EXISTENCE-143-RAR-CP,{quantityOfA},10.00,\r\n" +
            "shootstrayt,shopB,WOTF-EXISTENCE-143-RAR-CP,2,11.00,\r\nshootstrayt,shopC,WOTF-EXISTENCE-143-RAR-CP,3,12.00,\r\n";
        await ImportAsync(File(1));
        var (a, b, c) = await host.Services.QueryAsync(async db =>
            await db.Sellers.OrderBy(seller => seller.Id).Select(seller => seller.Id).ToListAsync() is [var first, var second, var third]
                ? (first, second, third) : throw new InvalidOperationException("Three sellers were expected."));
        var merges = Service<SellerMerges>();
        await merges.MergeAsync(b, [a], "ops@example.com");
        await merges.MergeAsync(c, [b], "ops@example.com");

        // The same accounts' next file updates their own items: nothing is added to the target twice.
        var again = await ImportAsync(File(5));

        Assert.Equal((ImportStatus.Succeeded, 0, 1, 2), (again.Status, again.Added, again.Updated, again.Unchanged));
        var (rows, summary) = await Service<InventorySearch>().FindAsync(new InventoryFilter(SellerId: c), 0, 10);
        Assert.Equal([a, b, c], rows.Select(row => row.SellerId).Order());
        Assert.Equal((3, 10, 3), (summary.Items, summary.Quantity, summary.Sellers));
        var (ofB, _) = await Service<InventorySearch>().FindAsync(new InventoryFilter(SellerId: b), 0, 10);
        Assert.Equal([a, b], ofB.Select(row => row.SellerId).Order());
    }

    [Fact]
    public async Task A_file_that_is_not_a_csv_fails_with_its_reason_and_writes_nothing()
    {
        var imports = Service<InventoryImports>();
        using var file = new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]);
        var queued = await imports.QueueAsync(file, "inventory.xlsx", MarketPlatform.Ebay, skipInvalid: true, "ops@example.com");

        var run = await Service<InventoryImportRunner>().RunAsync(queued.Id);

        Assert.Equal(ImportStatus.Failed, run.Status);
        Assert.Contains("not text", run.Error);
        Assert.Empty(await InventoryAsync());
    }
}

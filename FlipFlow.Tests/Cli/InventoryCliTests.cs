using FlipFlow.Tests.Imports;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>inventory</c> verbs: a dry run's problems by row and column, exit codes, skip-invalid, the import log and undo.</summary>
[Trait("Category", "Integration")]
public sealed class InventoryCliTests() : CliTest(migrate: true)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await OkAsync("db", "seed");
    }

    private string Write(string name, string csv)
    {
        var path = Path.Combine(Database.DataFolder, name);
        File.WriteAllText(path, csv);
        return path;
    }

    [Fact]
    public async Task A_dry_run_lists_exactly_the_broken_cells_by_row_and_column_exits_1_and_writes_nothing()
    {
        var file = Write("broken.csv", InventoryFiles.Build(1000, brokenCells: true));

        var result = await RunAsync("inventory", "import", file, "--dry-run");

        Assert.Equal(1, result.Exit);
        Assert.Equal(InventoryFiles.Broken.Select(broken => $"row {broken.Row}, column {broken.Column}:"),
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => string.Join(' ', line.Split(' ').Take(4))));
        Assert.Contains("1000 rows, 995 good, 5 with problems", result.Output);
        var imports = await JsonAsync("inventory", "imports", "--json");
        Assert.Equal(0, imports.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Without_skip_invalid_nothing_is_imported_and_with_it_995_rows_are_and_undo_takes_them_back()
    {
        var file = Write("broken.csv", InventoryFiles.Build(1000, brokenCells: true));

        var refused = await RunAsync("inventory", "import", file);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("nothing was imported", refused.Error);

        var imported = await JsonAsync("inventory", "import", file, "--skip-invalid", "--json");
        Assert.Equal("Partial", imported.GetProperty("status").GetString());
        Assert.Equal(995, imported.GetProperty("added").GetInt32());
        Assert.Equal(5, imported.GetProperty("refused").GetInt32());
        Assert.True(imported.GetProperty("skipInvalid").GetBoolean());

        var id = imported.GetProperty("id").GetInt64().ToString();
        var undone = await JsonAsync("inventory", "undo", id, "--json");
        Assert.Equal("Undone", undone.GetProperty("status").GetString());
        var again = await RunAsync("inventory", "undo", id);
        Assert.Equal(1, again.Exit);
        Assert.Contains("undone already", again.Error);
    }

    [Fact]
    public async Task Resolve_sku_maps_ShootStrayts_SKU_and_sends_a_number_shared_with_an_alt_art_promo_to_review()
    {
        var mapped = await JsonAsync("catalog", "resolve-sku", "--platform", "shootstrayt", "WOTF-EXISTENCE-143-RAR-CP", "--json");
        Assert.Equal("mapped", mapped.GetProperty("status").GetString());
        Assert.Equal("143/401", mapped.GetProperty("card").GetProperty("number").GetString());
        Assert.Equal("Classic Paper", mapped.GetProperty("treatment").GetString());

        var shared = await JsonAsync("catalog", "resolve-sku", "--platform", "shootstrayt", "WOTF-EXISTENCE-028-MYT-CP", "--json");
        Assert.Equal("review", shared.GetProperty("status").GetString());
        Assert.EndsWith("Alt Art Promo Mythic", shared.GetProperty("runnerUp").GetProperty("rarity").GetString());
    }

    [Fact]
    public async Task A_SKU_approved_from_the_review_queue_is_used_by_the_next_import()
    {
        var file = Write("shared.csv", $"{InventoryFiles.Header}\r\nshootstrayt,shop1,WOTF-EXISTENCE-028-MYT-CP,2,80.00,\r\n");
        var first = await JsonAsync("inventory", "import", file, "--json");
        Assert.Equal(1, first.GetProperty("held").GetInt32());

        var queue = await JsonAsync("catalog", "mappings", "list", "--status", "review", "--json");
        var mapping = queue.GetProperty("mappings")[0];
        Assert.Equal("WOTF-EXISTENCE-028-MYT-CP", mapping.GetProperty("sku").GetString());
        var confidence = mapping.GetProperty("confidence").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var atMost = await JsonAsync("catalog", "mappings", "list", "--status", "review", "--max-confidence", confidence, "--json");
        Assert.Equal(1, atMost.GetProperty("total").GetInt32());
        var above = await JsonAsync("catalog", "mappings", "list", "--status", "review", "--min-confidence", "0.51", "--json");
        Assert.Equal(0, above.GetProperty("total").GetInt32());
        var backwards = await RunAsync("catalog", "mappings", "list", "--min-confidence", "0.9", "--max-confidence", "0.1");
        Assert.Equal((1, "The lowest confidence, 0.9, is above the highest, 0.1."), (backwards.Exit, backwards.Error.Trim()));
        await OkAsync("catalog", "mappings", "approve", mapping.GetProperty("id").GetInt64().ToString(), "--notes", "base card");

        var second = await JsonAsync("inventory", "import", file, "--json");
        Assert.Equal(("Succeeded", 1, 0), (second.GetProperty("status").GetString(), second.GetProperty("added").GetInt32(), second.GetProperty("held").GetInt32()));
    }
}

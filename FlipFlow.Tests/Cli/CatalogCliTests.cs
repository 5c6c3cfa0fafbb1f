using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>catalog import</c> verb: a CSV's cards into the catalogue, its problems by row and column on standard error.</summary>
[Trait("Category", "Integration")]
public sealed class CatalogCliTests() : CliTest(migrate: true)
{
    private const string NewSet =
        "set,number,name,rarity,card_type\r\n" +
        "Genesis,001/120,Ashen Warden,Common,Wonder\r\n" +
        "Genesis,002/120,\"Cinder, the Bold\",Rare,Wonder\r\n" +
        "Genesis,P-001,Ember Sigil,Promo,Item\r\n";

    private string Write(string name, string csv)
    {
        var path = Path.Combine(Database.DataFolder, name);
        File.WriteAllText(path, csv);
        return path;
    }

    [Fact]
    public async Task Import_with_json_reports_what_it_added_and_a_second_import_finds_the_cards_unchanged()
    {
        var file = Write("genesis.csv", NewSet);

        var preview = await JsonAsync("catalog", "import", file, "--dry-run", "--json");
        Assert.Equal(3, preview.GetProperty("added").GetInt32());
        Assert.True(preview.GetProperty("dryRun").GetBoolean());

        var first = await JsonAsync("catalog", "import", file, "--json");
        Assert.Equal(3, first.GetProperty("added").GetInt32());
        Assert.Equal(0, first.GetProperty("updated").GetInt32());
        Assert.Equal(0, first.GetProperty("unchanged").GetInt32());
        Assert.False(first.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, first.GetProperty("problems").GetArrayLength());

        var again = await OkAsync("catalog", "import", file);
        Assert.Equal("Card catalogue: 0 cards added, 0 updated, 3 unchanged.", again.Trim());
    }

    [Fact]
    public async Task A_bad_file_names_the_row_and_column_of_each_problem_and_imports_nothing()
    {
        var file = Write("bad.csv", "set,number,name,rarity\nGenesis,001/120,Ashen Warden,Common\nGenesis,12x,Bad Row,Common\n");

        var bad = await RunAsync("catalog", "import", file);
        Assert.Equal(FlipFlowCli.Failed, bad.Exit);
        Assert.Contains("row 3, column number: '12x' is not a collector number: write it like 143/401, P-043 or 12.", bad.Error, StringComparison.Ordinal);
        Assert.Contains("bad.csv has 1 problem(s), so nothing was imported.", bad.Error, StringComparison.Ordinal);
        Assert.Equal("", bad.Output);

        var json = await RunAsync("catalog", "import", file, "--json");
        Assert.Equal(FlipFlowCli.Failed, json.Exit);
        var problem = Assert.Single(System.Text.Json.JsonDocument.Parse(json.Output).RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(3, problem.GetProperty("row").GetInt32());
        Assert.Equal("number", problem.GetProperty("column").GetString());

        var fixedFile = Write("fixed.csv", "set,number,name,rarity\nGenesis,001/120,Ashen Warden,Common\n");
        var afterwards = await JsonAsync("catalog", "import", fixedFile, "--json");
        Assert.Equal(1, afterwards.GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_failure()
    {
        var missing = Path.Combine(Database.DataFolder, "nowhere.csv");

        var result = await RunAsync("catalog", "import", missing);

        Assert.Equal(FlipFlowCli.Failed, result.Exit);
        Assert.Equal($"There is no file {missing} to import.", result.Error.Trim());
    }
}

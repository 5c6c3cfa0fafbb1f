using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Catalog;

namespace FlipFlow.Tests.Catalog;

/// <summary>Reading the card catalogue's CSV: its quoting, and every problem with its row, column and message.</summary>
public sealed class CatalogCsvTests
{
    private const string Header = "set,number,name,rarity,card_type\n";

    [Fact]
    public void Rows_are_read_with_quoted_commas_doubled_quotes_and_line_breaks_in_any_column_order_and_header_case()
    {
        var parse = CatalogCsv.Parse(
            "\uFEFFName,RARITY,Set,Number,Card_Type\r\n" +
            "\"A-90, Plasma \"\"Detonator\"\"\",Rare,Existence,143/401,Item\r\n" +
            "\r\n" +
            "\"Two\r\nlines\",Promo,Existence,P-043,\n" +
            "  Aerius of Thalwind  ,Mythic,\"Existence\",2,Wonder");

        Assert.Empty(parse.Problems);
        Assert.Equal(
        [
            new CatalogCsvRow(2, "Existence", "143/401", "A-90, Plasma \"Detonator\"", "Rare", "Item"),
            new CatalogCsvRow(4, "Existence", "P-043", "Two\r\nlines", "Promo", null),
            new CatalogCsvRow(6, "Existence", "2", "Aerius of Thalwind", "Mythic", "Wonder"),
        ], parse.Rows);
    }

    [Fact]
    public void The_card_type_column_is_optional_and_empty_header_cells_at_the_end_are_no_columns()
    {
        var parse = CatalogCsv.Parse("set,number,name,rarity,,\nExistence,001/401,Ace,Common,,\n");

        Assert.Empty(parse.Problems);
        Assert.Equal([new CatalogCsvRow(2, "Existence", "001/401", "Ace", "Common", null)], parse.Rows);
    }

    [Theory]
    [InlineData("number,name,rarity\nP-1,Ace,Common\n", 1, "set",
        "The header has no 'set' column: set, number, name and rarity are required, card_type is optional.")]
    [InlineData("Set,Number,Name,Card_Type\nExistence,1,Ace,Item\n", 1, "rarity",
        "The header has no 'rarity' column: set, number, name and rarity are required, card_type is optional.")]
    [InlineData("set,number,name,rarity,colour\nExistence,1,Ace,Common,blue\n", 1, "colour",
        "'colour' is not a catalogue column: the columns are set, number, name, rarity and card_type.")]
    [InlineData("set,,number,name,rarity,,\n", 1, "#2", "Column 2 of the header has no name.")]
    [InlineData("set,number,Name,rarity,name\n", 1, "name", "The header names 'name' twice, in columns 3 and 5.")]
    [InlineData(Header + "Existence,143/401,,Rare,Item\n", 2, "name", "The name is empty; every card needs one.")]
    [InlineData(Header + "   ,143/401,Ace,Rare,Item\n", 2, "set", "The set is empty; every card needs one.")]
    [InlineData(Header + "Existence,001/401,Ace,Common,\nExistence,14a,Bee,Rare,\n", 3, "number",
        "'14a' is not a collector number: write it like 143/401, P-043 or 12.")]
    [InlineData(Header + "Existence,143/,Ace,Rare,\n", 2, "number", "'143/' is not a collector number: write it like 143/401, P-043 or 12.")]
    [InlineData(Header + "Existence,P043,Ace,Rare,\n", 2, "number", "'P043' is not a collector number: write it like 143/401, P-043 or 12.")]
    [InlineData(Header + "Existence,1/401,Ace,Common,\nExistence,2/401,Bee,Common,\nExistence,1/401,Ace again,Common,\n", 4, "number",
        "Existence 1/401 Common is on rows 2 and 4; a card's set, number and rarity may appear once in the file.")]
    [InlineData(Header + "Existence,1/401,\"Ace,Common,\nExistence,2/401,Bee,Common,\n", 2, "name",
        "A quoted value is never closed: its opening quote has no closing quote, so the rest of the file would be this one value.")]
    [InlineData("set,number,\"name,rarity\nExistence,1,Ace,Common\n", 1, "#3",
        "A quoted value is never closed: its opening quote has no closing quote, so the rest of the file would be this one value.")]
    [InlineData(Header + "Existence,1/401,\"Two\nlines\",Common,\nExistence,,Bee,Common,\n", 4, "number", "The number is empty; every card needs one.")]
    [InlineData("set,number,name,rarity\r\nExistence,1/401,Ace,Common\r\nExistence,2/401,Bee,\r\n", 3, "rarity", "The rarity is empty; every card needs one.")]
    [InlineData(Header + "Existence,1/401,Ace,Common,Item,extra\n", 2, "#6", "The row has 6 values; the header has 5 columns.")]
    public void A_problem_names_its_row_and_column(string csv, int row, string column, string message)
    {
        var parse = CatalogCsv.Parse(csv);

        Assert.Equal([new CatalogCsvProblem(row, column, message)], parse.Problems);
    }

    [Theory]
    [InlineData("set", 101, "The set has 101 characters; at most 100.")]
    [InlineData("number", 21, "The number has 21 characters; at most 20.")]
    [InlineData("name", 201, "The name has 201 characters; at most 200.")]
    [InlineData("rarity", 101, "The rarity has 101 characters; at most 100.")]
    [InlineData("card_type", 51, "The card type has 51 characters; at most 50.")]
    public void A_value_longer_than_its_database_column_is_a_problem(string column, int length, string message)
    {
        var values = new Dictionary<string, string> { ["set"] = "Existence", ["number"] = "1/401", ["name"] = "Ace", ["rarity"] = "Common", ["card_type"] = "Item" };
        values[column] = column == "number" ? new string('1', length) : new string('x', length);

        var parse = CatalogCsv.Parse(Header + string.Join(',', values.Values) + "\n");

        Assert.Equal([new CatalogCsvProblem(2, column, message)], parse.Problems);
        Assert.Empty(parse.Rows);
    }

    [Fact]
    public void A_value_at_its_limit_fits()
    {
        var parse = CatalogCsv.Parse(Header + $"{new string('s', 100)},{new string('1', 20)},{new string('n', 200)},{new string('r', 100)},{new string('t', 50)}\n");

        Assert.Empty(parse.Problems);
        Assert.Single(parse.Rows);
    }

    [Fact]
    public void Every_problem_is_reported_in_row_order_and_only_good_rows_are_returned()
    {
        var parse = CatalogCsv.Parse(Header +
            "Existence,1/401,Ace,Common,\n" +
            ",bad number,,Common,\n" +
            "Existence,2/401,Bee,Common,\n");

        Assert.Equal(
        [
            new CatalogCsvProblem(3, "set", "The set is empty; every card needs one."),
            new CatalogCsvProblem(3, "number", "'bad number' is not a collector number: write it like 143/401, P-043 or 12."),
            new CatalogCsvProblem(3, "name", "The name is empty; every card needs one."),
        ], parse.Problems);
        Assert.Equal(["1/401", "2/401"], parse.Rows.Select(row => row.Number));
    }

    [Fact]
    public void An_empty_file_lacks_every_required_column()
    {
        var parse = CatalogCsv.Parse("");

        Assert.Equal(["set", "number", "name", "rarity"], parse.Problems.Select(problem => problem.Column));
        Assert.All(parse.Problems, problem => Assert.Equal(1, problem.Row));
    }

    [Fact]
    public void A_problem_reads_as_row_and_column() =>
        Assert.Equal("row 3, column number: It is wrong.", new CatalogCsvProblem(3, "number", "It is wrong.").ToString());

    [Fact]
    public void Every_shipped_printing_has_a_collector_number_the_csv_accepts() =>
        Assert.All(ExistenceCatalogue.Printings, card => Assert.True(CatalogCsv.IsCollectorNumber(card.Number), card.Number));
}

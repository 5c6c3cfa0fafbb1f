using System.Text;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Imports;

namespace FlipFlow.Tests.Imports;

/// <summary>The inventory CSV reader: delimiters, headers and aliases, and every kind of bad file and bad cell, by row and column.</summary>
public sealed class InventoryCsvReaderTests
{
    private static (InventoryCsvReader Reader, List<InventoryCsvRecord> Records) Read(string text, MarketPlatform? platform = null, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Read(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, platform);
    }

    private static (InventoryCsvReader Reader, List<InventoryCsvRecord> Records) Read(byte[] bytes, MarketPlatform? platform = null, long? limit = null)
    {
        var reader = limit is { } max ? InventoryCsvReader.Open(new MemoryStream(bytes), platform, max) : InventoryCsvReader.Open(new MemoryStream(bytes), platform);
        return (reader, reader.Records().ToList());
    }

    private static IEnumerable<CsvProblem> Problems((InventoryCsvReader Reader, List<InventoryCsvRecord> Records) read) =>
        read.Reader.FileProblems.Concat(read.Records.SelectMany(record => record.Problems));

    [Theory]
    [InlineData("platform,seller_identifier,sku,quantity,price,notes\r\nebay,shop,SKU-1,2,3.50,n\r\n", "comma", false)]
    [InlineData("platform;seller_identifier;sku;quantity;price;notes\nebay;shop;SKU-1;2;3.50;n\n", "semicolon", false)]
    [InlineData("platform\tseller_identifier\tsku\tquantity\tprice\tnotes\nebay\tshop\tSKU-1\t2\t3.50\tn", "tab", true)]
    [InlineData("Platform,Seller,SKU,Qty,Unit Price,Comment\r\nEBAY,shop,SKU-1,2,$3.50,n\r\n", "comma", true)]
    public void A_file_is_read_with_its_delimiter_detected_and_its_headers_in_any_case_and_alias(string text, string delimiter, bool bom)
    {
        var (reader, records) = Read(text, bom: bom);

        Assert.Equal(delimiter, reader.DelimiterName);
        Assert.Empty(reader.FileProblems);
        var row = Assert.Single(records).Value!;
        Assert.Equal((MarketPlatform.Ebay, "shop", "SKU-1", 2, 3.50m, "n"), (row.Platform, row.SellerIdentifier, row.Sku, row.Quantity, row.Price, row.Notes));
    }

    [Fact]
    public void A_chosen_platform_fills_the_rows_without_one_and_an_empty_price_is_contact_for_price()
    {
        var (reader, records) = Read("seller_identifier,sku,quantity,price\nshop,SKU-1,1,\nshop,SKU-2,4,10\n", MarketPlatform.ShootStrayt);

        Assert.Empty(reader.FileProblems);
        Assert.All(records, record => Assert.Equal(MarketPlatform.ShootStrayt, record.Value!.Platform));
        Assert.Null(records[0].Value!.Price);
        Assert.Equal(10m, records[1].Value!.Price);
    }

    [Theory]
    [InlineData("", "file", "empty")]
    [InlineData("platform,seller_identifier,sku,quantity,price,notes\r\n", "file", "no rows")]
    [InlineData("platform,seller_identifier,quantity\r\nebay,shop,1\r\n", "sku", "no sku column")]
    [InlineData("seller_identifier,sku,quantity\r\nshop,A,1\r\n", "platform", "no platform column")]
    [InlineData("platform,seller,seller_identifier,sku,quantity\r\nebay,a,b,c,1\r\n", "seller_identifier", "Two columns")]
    public void A_file_that_cannot_be_read_has_one_problem_that_says_why(string text, string column, string message)
    {
        var problem = Assert.Single(Problems(Read(text)));

        Assert.Equal(column, problem.Column);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void A_binary_file_is_refused_as_not_text()
    {
        var problem = Assert.Single(Problems(Read([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00])));

        Assert.Equal((1, "file"), (problem.Row, problem.Column));
        Assert.Contains("not text", problem.Message);
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_refused()
    {
        // "Café" in Latin-1: 0xE9 alone is not UTF-8.
        var problem = Assert.Single(Problems(Read([.. Encoding.ASCII.GetBytes("platform,seller_identifier,sku,quantity\r\nebay,Caf"), 0xE9, .. Encoding.ASCII.GetBytes(",A,1\r\n")])));

        Assert.Contains("not UTF-8", problem.Message);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_before_it_is_read()
    {
        var problem = Assert.Single(Problems(Read(Encoding.UTF8.GetBytes("platform,seller_identifier,sku,quantity\r\nebay,shop,A,1\r\n"), limit: 10)));

        Assert.Contains("at most", problem.Message);
    }

    [Theory]
    [InlineData("ebay,shop,A,1,2,x,extra", "file", "7 cells; the header has 6")]
    [InlineData("ebay,shop,A,1", "file", "4 cells; the header has 6")]
    [InlineData("amazon,shop,A,1,2,x", "platform", "not a platform")]
    [InlineData("ebay,,A,1,2,x", "seller_identifier", "Empty")]
    [InlineData("ebay,shop,,1,2,x", "sku", "Empty")]
    [InlineData("ebay,shop,=SUM(A1),1,2,x", "sku", "spreadsheet formula")]
    [InlineData("ebay,@cmd,A,1,2,x", "seller_identifier", "spreadsheet formula")]
    [InlineData("ebay,shop,A,0,2,x", "quantity", "not a whole number")]
    [InlineData("ebay,shop,A,-1,2,x", "quantity", "not a whole number")]
    [InlineData("ebay,shop,A,1.5,2,x", "quantity", "not a whole number")]
    [InlineData("ebay,shop,A,abc,2,x", "quantity", "not a whole number")]
    [InlineData("ebay,shop,A,1000001,2,x", "quantity", "not a whole number")]
    [InlineData("ebay,shop,A,1,-2,x", "price", "negative")]
    [InlineData("ebay,shop,A,1,abc,x", "price", "not a price")]
    [InlineData("ebay,shop,A,1,2.125,x", "price", "more than two decimals")]
    [InlineData("ebay,shop,A,1,2000000,x", "price", "over")]
    [InlineData("ebay,shop,A,1,2,\"two\nlines\"", "notes", "more than one line")]
    public void A_bad_cell_is_a_problem_at_its_row_and_column(string line, string column, string message)
    {
        var (_, records) = Read($"platform,seller_identifier,sku,quantity,price,notes\r\nebay,shop,OK,1,1,\r\n{line}\r\nebay,shop,OK2,1,1,\r\n");

        Assert.Equal(3, records.Count);
        var problem = Assert.Single(records[1].Problems);
        Assert.Equal((3, column), (problem.Row, problem.Column));
        Assert.Contains(message, problem.Message);
        Assert.Null(records[1].Value);
        Assert.Equal(4, records[2].Row + (line.Contains('\n') ? -1 : 0));
    }

    [Fact]
    public void Notes_that_look_like_formulas_are_kept_as_text()
    {
        var (_, records) = Read("platform,seller_identifier,sku,quantity,notes\r\nebay,shop,A,1,=HYPERLINK(\"x\")\r\n");

        Assert.Equal("=HYPERLINK(\"x\")", Assert.Single(records).Value!.Notes);
    }

    [Fact]
    public void Rows_are_numbered_by_the_line_they_start_on_and_blank_lines_are_skipped()
    {
        var (_, records) = Read("platform,seller_identifier,sku,quantity\r\n\r\nebay,shop,A,1\r\nebay,shop,\"B\nC\",1\r\nebay,shop,D,x\r\n");

        Assert.Equal([3, 4, 6], records.Select(record => record.Row));
        Assert.Equal(("sku", 4), (records[1].Problems.Single().Column, records[1].Problems.Single().Row));
        Assert.Equal(("quantity", 6), (records[2].Problems.Single().Column, records[2].Problems.Single().Row));
    }

    [Fact]
    public void A_thousand_row_file_with_five_broken_cells_has_exactly_those_five_problems()
    {
        var (reader, records) = Read(InventoryFiles.Build(1000, brokenCells: true));

        Assert.Equal(1000, records.Count);
        Assert.Equal(InventoryFiles.Broken.Select(broken => (broken.Row, broken.Column)), Problems((reader, records)).Select(problem => (problem.Row, problem.Column)));
    }
}

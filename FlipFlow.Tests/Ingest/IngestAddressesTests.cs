using FlipFlow.Domain.Ingest;

namespace FlipFlow.Tests.Ingest;

public sealed class IngestAddressesTests
{
    [Theory]
    [InlineData("https://Shop.Example.COM/Cards/Pikachu?utm_source=mail&id=5#reviews", "https://shop.example.com/Cards/Pikachu?id=5")]
    [InlineData("HTTP://EXAMPLE.COM:80", "http://example.com/")]
    [InlineData("https://example.com:443/a", "https://example.com/a")]
    [InlineData("https://example.com:8443/a", "https://example.com:8443/a")]
    [InlineData("  https://example.com/a  ", "https://example.com/a")]
    [InlineData("https://example.com/p?fbclid=1&gclid=2&srsltid=3", "https://example.com/p")]
    [InlineData("https://example.com/p?variant=2&UTM_Medium=x&page=3", "https://example.com/p?variant=2&page=3")]
    [InlineData("https://example.com/p?", "https://example.com/p")]
    [InlineData("https://bücher.example/karten", "https://xn--bcher-kva.example/karten")]
    [InlineData("http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080/x")]
    [InlineData("https://www.ebay.com/itm/Charizard-Base-Set-Holo/123456789012?hash=item1c&_trksid=p2047675", "https://www.ebay.com/itm/123456789012")]
    [InlineData("http://ebay.co.uk/itm/123456789012", "https://www.ebay.co.uk/itm/123456789012")]
    [InlineData("https://WWW.EBAY.DE/itm/123456789012/?var=55#desc", "https://www.ebay.de/itm/123456789012")]
    [InlineData("https://www.ebay.com.au/itm/123456789012?mkevt=1&mkcid=1&campid=5", "https://www.ebay.com.au/itm/123456789012")]
    [InlineData("https://www.ebay.com/sch/i.html?_nkw=charizard&mkevt=1", "https://www.ebay.com/sch/i.html?_nkw=charizard")]
    [InlineData("https://m.ebay.com/itm/123456789012?var=1", "https://m.ebay.com/itm/123456789012?var=1")]
    [InlineData("http://www.ebay.com:8080/itm/Card/123456789012?_trksid=p1", "http://www.ebay.com:8080/itm/123456789012")]
    [InlineData("https://www.ebay.com/itm/not-a-number", "https://www.ebay.com/itm/not-a-number")]
    public void An_address_is_read_in_its_canonical_form(string text, string canonical)
    {
        var address = IngestAddresses.Read(text);

        Assert.True(address.IsValid, address.Error);
        Assert.Equal(canonical, address.Canonical);
        Assert.Equal(text.Trim(), address.Text);
        Assert.Null(address.Error);
    }

    [Theory]
    [InlineData("", "No address given.")]
    [InlineData("   ", "No address given.")]
    [InlineData("www.ebay.com/itm/1", "www.ebay.com/itm/1 is not a whole address: it must start with http:// or https:// and name a host.")]
    [InlineData("/itm/123456789012", "/itm/123456789012 is not a whole address: it must start with http:// or https:// and name a host.")]
    [InlineData("ftp://example.com/x", "ftp://example.com/x is not an http or https address; FlipFlow fetches only those.")]
    [InlineData("file:///etc/passwd", "file:///etc/passwd is not an http or https address; FlipFlow fetches only those.")]
    [InlineData("javascript:alert(1)", "javascript:alert(1) is not an http or https address; FlipFlow fetches only those.")]
    [InlineData("https://seller:secret@example.com/x", "https://seller:secret@example.com/x carries a user name or password; FlipFlow does not fetch addresses with credentials in them.")]
    public void An_address_FlipFlow_does_not_fetch_is_refused_with_its_reason(string text, string error)
    {
        var address = IngestAddresses.Read(text);

        Assert.False(address.IsValid);
        Assert.Null(address.Canonical);
        Assert.Equal(error, address.Error);
    }

    [Fact]
    public void An_address_of_the_longest_length_is_taken_and_one_character_more_is_refused()
    {
        var longest = "https://example.com/" + new string('a', IngestItem.UrlMaxLength - "https://example.com/".Length);

        var taken = IngestAddresses.Read(longest);
        var refused = IngestAddresses.Read(longest + "a");

        Assert.True(taken.IsValid);
        Assert.Equal("The address is 2,001 characters long; FlipFlow takes addresses of at most 2,000.", refused.Error);
    }

    [Fact]
    public void Pasted_lines_are_sorted_into_addresses_duplicates_and_invalid_lines_by_their_row()
    {
        const string text =
            "https://www.ebay.com/itm/Charizard/123456789012?hash=item1\r\n" +
            "\n" +
            "   \n" +
            "not an address\n" +
            "https://shop.example/cards/1?utm_source=x\n" +
            "https://ebay.com/itm/123456789012#top\n" +
            "https://SHOP.example/cards/1\n";

        var list = IngestAddresses.Parse(text);

        Assert.Equal(
            [
                new IngestLine(1, "https://www.ebay.com/itm/Charizard/123456789012?hash=item1", "https://www.ebay.com/itm/123456789012"),
                new IngestLine(5, "https://shop.example/cards/1?utm_source=x", "https://shop.example/cards/1"),
            ],
            list.Addresses);
        Assert.Equal(
            [
                new IngestLine(6, "https://ebay.com/itm/123456789012#top", "https://www.ebay.com/itm/123456789012", FirstRow: 1),
                new IngestLine(7, "https://SHOP.example/cards/1", "https://shop.example/cards/1", FirstRow: 5),
            ],
            list.Duplicates);
        Assert.Equal(
            [new IngestLine(4, "not an address", Error: "not an address is not a whole address: it must start with http:// or https:// and name a host.")],
            list.Invalid);
        Assert.Equal(5, list.Lines);
        Assert.False(list.TooMany);
        Assert.Null(list.TooManyError);
    }

    [Fact]
    public void A_csv_file_is_read_from_its_url_column_with_quoted_fields_and_rows_as_a_spreadsheet_numbers_them()
    {
        const string csv =
            "\uFEFFTitle,\"URL\",Price\r\n" +
            "\"Charizard, holo\",https://shop.example/a,12.50\r\n" +
            "\"Two\nlines \"\"quoted\"\"\",\"https://shop.example/b?x=1,2\",3\n" +
            "\n" +
            ",,\n" +
            "Dragonite,,4\n" +
            "Pikachu,https://shop.example/a?utm_campaign=z,1\n" +
            "Mew,ftp://shop.example/c";

        var list = IngestAddresses.ParseCsv(csv);

        Assert.Equal(
            [
                new IngestLine(2, "https://shop.example/a", "https://shop.example/a", Column: 2),
                new IngestLine(3, "https://shop.example/b?x=1,2", "https://shop.example/b?x=1,2", Column: 2),
            ],
            list.Addresses);
        Assert.Equal([new IngestLine(7, "https://shop.example/a?utm_campaign=z", "https://shop.example/a", FirstRow: 2, Column: 2)], list.Duplicates);
        Assert.Equal(
            [
                new IngestLine(6, "", Error: "The url column of this row is empty.", Column: 2),
                new IngestLine(8, "ftp://shop.example/c", Error: "ftp://shop.example/c is not an http or https address; FlipFlow fetches only those.", Column: 2),
            ],
            list.Invalid);
    }

    [Theory]
    [InlineData("title,link\nCharizard,https://shop.example/a\n", "title,link")]
    [InlineData("", "")]
    public void A_csv_file_without_a_url_column_gives_one_error_at_row_1_column_1(string csv, string header)
    {
        var list = IngestAddresses.ParseCsv(csv);

        Assert.Empty(list.Addresses);
        Assert.Equal(
            [new IngestLine(1, header, Error: "The file has no url column: its first row must name the column of addresses \"url\".", Column: 1)],
            list.Invalid);
    }

    [Fact]
    public void A_quote_left_open_in_a_csv_file_makes_its_row_invalid()
    {
        var list = IngestAddresses.ParseCsv("url\nhttps://shop.example/a\n\"https://shop.example/b\nhttps://shop.example/c\n");

        Assert.Equal(["https://shop.example/a"], list.Addresses.Select(line => line.Canonical));
        var open = Assert.Single(list.Invalid);
        Assert.Equal((3, "A quoted field is never closed: the rest of the file was read into it."), (open.Row, open.Error));
    }

    [Fact]
    public void A_json_file_is_read_from_each_elements_url_and_an_element_without_one_is_an_invalid_row()
    {
        const string json = """
            [
              {"url": "https://shop.example/a", "title": "Charizard"},
              {"URL": "https://shop.example/b"},
              {"url": 42},
              "https://shop.example/c",
              {"url": "https://shop.example/a#x"},
            ]
            """;

        var list = IngestAddresses.ParseJson(json);

        Assert.Equal(
            [
                new IngestLine(1, "https://shop.example/a", "https://shop.example/a"),
                new IngestLine(2, "https://shop.example/b", "https://shop.example/b"),
            ],
            list.Addresses);
        Assert.Equal([new IngestLine(5, "https://shop.example/a#x", "https://shop.example/a", FirstRow: 1)], list.Duplicates);
        Assert.Equal(
            [
                new IngestLine(3, "{\"url\": 42}", Error: "Item 3 of the array has no url string."),
                new IngestLine(4, "\"https://shop.example/c\"", Error: "Item 4 of the array has no url string."),
            ],
            list.Invalid);
    }

    [Theory]
    [InlineData("[\n  {\"url\": \"https://shop.example/a\"}\n  {\"url\": \"https://shop.example/b\"}\n]", 3, 3,
        "The file is not valid JSON: it breaks at line 3, position 3.")]
    [InlineData("", 1, 1, "The file is not valid JSON: it breaks at line 1, position 1.")]
    public void Malformed_json_gives_one_error_where_it_breaks(string json, int row, int column, string error)
    {
        var list = IngestAddresses.ParseJson(json);

        Assert.Empty(list.Addresses);
        Assert.Equal([new IngestLine(row, "", Error: error, Column: column)], list.Invalid);
    }

    [Fact]
    public void Json_that_is_not_an_array_is_refused_as_a_whole()
    {
        var list = IngestAddresses.ParseJson("{\"url\": \"https://shop.example/a\"}");

        Assert.Equal("The file must be a JSON array of objects with a url: [{\"url\": \"https://…\"}].", Assert.Single(list.Invalid).Error);
    }

    [Theory]
    [InlineData(1000, 0, 0, false, null)]
    [InlineData(999, 1, 0, false, null)]
    [InlineData(1000, 0, 1, true, "The list has 1,001 lines; a bulk import takes at most 1,000 addresses.")]
    [InlineData(600, 400, 204, true, "The list has 1,204 lines; a bulk import takes at most 1,000 addresses.")]
    public void A_list_of_more_than_a_thousand_lines_is_too_many_counting_duplicates_and_invalid_ones(
        int distinct, int duplicates, int invalid, bool tooMany, string? error)
    {
        var lines = Enumerable.Range(1, distinct).Select(n => $"https://shop.example/{n}")
            .Concat(Enumerable.Repeat("https://shop.example/1", duplicates))
            .Concat(Enumerable.Repeat("nonsense", invalid));

        var list = IngestAddresses.Parse(string.Join('\n', lines));

        Assert.Equal((distinct, duplicates, invalid), (list.Addresses.Count, list.Duplicates.Count, list.Invalid.Count));
        Assert.Equal(tooMany, list.TooMany);
        Assert.Equal(error, list.TooManyError);
    }
}

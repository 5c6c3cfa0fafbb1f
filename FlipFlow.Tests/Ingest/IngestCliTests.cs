using System.Text.Json.Nodes;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Ingest;

/// <summary>
/// The acceptance as a new user runs it from the shell: a migrated database, then <c>ingest url … --wait --json</c> for an
/// eBay-shaped page and a JSON-LD shop page a local server answers, an import again after a price rise, and the refusal of
/// a loopback address under the default settings.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IngestCliTests : IAsyncLifetime
{
    private CountingHttpServer server = default!;
    private TestDatabase database = default!;
    private volatile string ebayPrice = "149.99";

    public async Task InitializeAsync()
    {
        server = CountingHttpServer.Start(path => path switch
        {
            "/itm/356112487203" => IngestPages.Page("ebay-item.html", text => text.Replace("149.99", ebayPrice, StringComparison.Ordinal)),
            "/products/aerius" => IngestPages.Page("shop-jsonld.html"),
            _ => new ScriptedAnswer(404),
        });
        database = await TestDatabase.CreateAsync();
        Assert.Equal(FlipFlowCli.Ok, (await RunAsync(local: false, "db", "migrate")).Exit);
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        await server.DisposeAsync();
    }

    /// <param name="local">Whether this FlipFlow may fetch from this machine, as the tests' pages need.</param>
    private async Task<(int Exit, string Output, string Error)> RunAsync(bool local, params string[] args)
    {
        var settings = new Dictionary<string, string?>(database.Settings);
        if (local)
        {
            settings["Fetching:AllowPrivateAddresses"] = "true";
            settings["Fetching:HostAddresses:www.ebay.com"] = "127.0.0.1";
            settings["Ingestion:PerHostRequestsPerSecond"] = "100";
            settings["Ingestion:PerHostConcurrency"] = "8";
        }
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await FlipFlowCli.RunAsync(args, settings, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<JsonNode> IngestAsync(string url)
    {
        var (exit, output, error) = await RunAsync(local: true, "ingest", "url", url, "--wait", "--json");
        Assert.True(exit == FlipFlowCli.Ok, $"exit {exit}: {output}{error}");
        return JsonNode.Parse(output)!["listing"]!;
    }

    [Fact]
    public async Task Ingest_url_waits_and_prints_each_listing_and_a_ten_percent_rise_leaves_one_listing_with_one_price_change()
    {
        var ebay = await IngestAsync($"http://www.ebay.com:{server.Port}/itm/356112487203");
        var shop = await IngestAsync($"http://127.0.0.1:{server.Port}/products/aerius");
        ebayPrice = "164.99";
        var again = await IngestAsync($"http://www.ebay.com:{server.Port}/itm/356112487203");

        Assert.Equal(("Wonders of the First Existence Aerius of Thalwind Formless Foil PSA 10", 149.99m, "USD", "thalwind_vault"),
            ((string)ebay["title"]!, (decimal)ebay["price"]!, (string)ebay["currency"]!, (string)ebay["seller"]!));
        Assert.Equal(("Aerius of Thalwind - Classic Foil (002/401) - Existence", 24.99m, "USD", "Orbital Vault Games"),
            ((string)shop["title"]!, (decimal)shop["price"]!, (string)shop["currency"]!, (string)shop["seller"]!));
        Assert.Equal(((long)ebay["id"]!, 164.99m, 1), ((long)again["id"]!, (decimal)again["price"]!, (int)again["priceChanges"]!));
    }

    [Fact]
    public async Task Ingest_bulk_of_a_CSV_file_names_its_invalid_line_waits_for_each_address_and_ingest_show_prints_them_with_their_listings()
    {
        var ebay = $"http://www.ebay.com:{server.Port}/itm/356112487203";
        var shop = $"http://127.0.0.1:{server.Port}/products/aerius";
        var file = Path.Combine(database.DataFolder, "cards.csv");
        await File.WriteAllTextAsync(file, $"sku,url\nA-1,{ebay}\nA-2,www.example.com/aerius\nA-3,{shop}\nA-4,{ebay}?_trksid=p1\n");

        var (exit, output, error) = await RunAsync(local: true, "ingest", "bulk", file, "--wait", "--json");
        Assert.True(exit == FlipFlowCli.Ok, $"exit {exit}: {output}{error}");
        Assert.Contains("Line 3, column 2 skipped: www.example.com/aerius is not a whole address", error);
        Assert.Contains("1 line(s) repeat an earlier address", error);
        var bulk = JsonNode.Parse(output)!;
        var session = bulk["session"]!;
        Assert.Equal(("Bulk", "Complete", "cards.csv", 2, 2, 1, 1), ((string)session["kind"]!, (string)session["status"]!, (string?)session["fileName"],
            (int)session["progress"]!["total"]!, (int)session["progress"]!["success"]!, (int)session["duplicates"]!, (int)session["invalid"]!));
        Assert.Equal([(2, ebay, "Succeeded"), (4, shop, "Succeeded")],
            bulk["rows"]!.AsArray().Select(row => ((int)row!["row"]!, (string)row["url"]!, (string)row["status"]!)));
        Assert.All(bulk["rows"]!.AsArray(), row => Assert.NotNull((long?)row!["listingId"]));

        var id = (long)session["id"]!;
        var (showExit, shown, _) = await RunAsync(local: true, "ingest", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(FlipFlowCli.Ok, showExit);
        var show = JsonNode.Parse(shown)!;
        Assert.Equal(("Complete", 2), ((string)show["session"]!["status"]!, (int)show["totalRows"]!));
        Assert.Equal(bulk["rows"]!.AsArray().Select(row => (long)row!["listingId"]!), show["rows"]!.AsArray().Select(row => (long)row!["listingId"]!));
        Assert.Equal(1, server.Paths.Count(path => path == "/itm/356112487203"));
    }

    [Fact]
    public async Task With_default_settings_a_loopback_address_is_refused_with_the_reason_and_the_verb_exits_1()
    {
        var (exit, output, _) = await RunAsync(local: false, "ingest", "url", $"http://127.0.0.1:{server.Port}/products/aerius", "--wait");

        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Contains("Failed; 1 of 1 done: 0 succeeded, 0 partial, 1 failed", output);
        Assert.Contains("points at 127.0.0.1, a loopback address", output);
        Assert.Contains("Fetching:AllowPrivateAddresses", output);
        Assert.Equal(0, server.Connections);
    }
}

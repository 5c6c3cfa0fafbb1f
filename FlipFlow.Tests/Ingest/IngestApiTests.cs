using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Ingest;

/// <summary>
/// One running FlipFlow that may fetch from this machine (Fetching:AllowPrivateAddresses), whose job servers import from a local
/// server answering saved pages: an eBay item page at <c>/itm/356112487203</c>, reached through eBay's own host name
/// (Fetching:HostAddresses answers it with 127.0.0.1), and a JSON-LD shop page at <c>/products/aerius</c>; 404 elsewhere,
/// unless a test revives a path. The tests of one class run one after another, so each may change what the server answers.
/// </summary>
public sealed class IngestApiApp : IAsyncLifetime
{
    private volatile string ebayPrice = "149.99";

    public CountingHttpServer Server { get; private set; } = default!;

    public FlipFlowApp App { get; private set; } = default!;

    /// <summary>Paths that answered 404 until a test revived them: they then answer an Open Graph shop page.</summary>
    public ConcurrentDictionary<string, bool> Revived { get; } = new();

    /// <summary>The price the eBay page shows, replacing its saved 149.99 in the bytes served.</summary>
    public string EbayPrice
    {
        get => ebayPrice;
        set => ebayPrice = value;
    }

    public string EbayAddress => $"http://www.ebay.com:{Server.Port}/itm/356112487203";

    public async Task InitializeAsync()
    {
        Server = CountingHttpServer.Start(path => path switch
        {
            "/itm/356112487203" => IngestPages.Page("ebay-item.html", text => text.Replace("149.99", EbayPrice, StringComparison.Ordinal)),
            "/products/aerius" => IngestPages.Page("shop-jsonld.html"),
            _ when Revived.ContainsKey(path) => IngestPages.Page("shop-opengraph.html"),
            _ => new ScriptedAnswer(404),
        });
        App = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Fetching:AllowPrivateAddresses"] = "true",
            ["Fetching:HostAddresses:www.ebay.com"] = "127.0.0.1",
            ["Ingestion:PerHostRequestsPerSecond"] = "100",
            ["Ingestion:PerHostConcurrency"] = "8",
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }

    public string Local(string path) => $"http://127.0.0.1:{Server.Port}{path}";
}

/// <summary>The saved pages of <c>Ingest/Pages</c> as a local server answers them.</summary>
internal static class IngestPages
{
    public static ScriptedAnswer Page(string name, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingest", "Pages", name));
        return new ScriptedAnswer(200, Encoding.UTF8.GetBytes(edit is null ? text : edit(text)), "text/html; charset=utf-8");
    }
}

/// <summary>
/// Imports from addresses over the API of a running FlipFlow (<see cref="IngestApiApp"/>): 202 at once, then the import's
/// address followed until it ends; a bulk list's paging, filter and retry; the refusals. A second FlipFlow with the default
/// fetching settings refuses this machine's addresses.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IngestApiTests(IngestApiApp local) : IClassFixture<IngestApiApp>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private const string AeriusTitle = "Wonders of the First Existence Aerius of Thalwind Formless Foil PSA 10";

    private static bool HasEnded(JsonNode status) => (string)status["session"]!["status"]! is "Complete" or "Partial" or "Failed";

    /// <summary>Follows an import's address until the import has ended, and gives its last answer.</summary>
    private static async Task<JsonNode> EndedAsync(HttpClient client, string address)
    {
        JsonNode? last = null;
        return await Poll.UntilAsync(async () =>
        {
            last = await (await client.GetAsync(address)).JsonAsync(HttpStatusCode.OK);
            return HasEnded(last) ? last : null;
        }, Within, $"{address} to end", () => Task.FromResult(last?.ToJsonString() ?? "no answer"));
    }

    private static MultipartFormDataContent CsvFile(string text)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(text, Encoding.UTF8, "text/csv"), "file", "addresses.csv");
        return form;
    }

    private static (int Total, int Complete, int Success, int Partial, int Failed) Progress(JsonNode status)
    {
        var progress = status["session"]!["progress"]!;
        return ((int)progress["total"]!, (int)progress["complete"]!, (int)progress["success"]!, (int)progress["partial"]!, (int)progress["failed"]!);
    }

    [Fact]
    public async Task A_single_eBay_import_answers_202_ends_Complete_with_its_listing_and_a_ten_percent_rise_leaves_that_one_listing_with_one_price_change()
    {
        using var client = await local.App.NewApiClientAsync(Roles.Operator);
        local.EbayPrice = "149.99";

        var accepted = await client.PostAsJsonAsync("/api/v1/ingest/single", new { url = local.EbayAddress });
        var body = await accepted.JsonAsync(HttpStatusCode.Accepted);
        var location = accepted.Headers.Location?.ToString();
        var id = (long)body["id"]!;
        Assert.Equal($"/api/v1/ingest/{id}", location);
        Assert.Equal((location, 1, 0, 0), ((string?)body["location"], (int)body["total"]!, (int)body["duplicates"]!, body["invalid"]!.AsArray().Count));
        var done = await EndedAsync(client, location!);
        Assert.Equal(("Complete", "Succeeded"), ((string)done["session"]!["status"]!, (string)done["item"]!["status"]!));
        var listing = done["listing"]!;
        var listingId = (long)listing["id"]!;
        Assert.Equal(listingId, (long)done["item"]!["listingId"]!);
        Assert.Equal((AeriusTitle, 149.99m, "USD", "thalwind_vault", "Ebay", "356112487203", 0),
            ((string)listing["title"]!, (decimal)listing["price"]!, (string)listing["currency"]!, (string)listing["seller"]!, (string)listing["platform"]!,
                (string)listing["externalId"]!, (int)listing["priceChanges"]!));
        var market = await (await client.GetAsync($"/api/v1/market/listings/{listingId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(listing.ToJsonString(), market.ToJsonString());

        local.EbayPrice = "164.99";
        // The same item under another title slug and with eBay's tracking parameters is the same listing.
        var again = await client.PostAsJsonAsync("/api/v1/ingest/single",
            new { url = $"http://www.ebay.com:{local.Server.Port}/itm/Aerius-of-Thalwind/356112487203?_trksid=p1&mkevt=1" });
        var redone = await EndedAsync(client, (await again.JsonAsync(HttpStatusCode.Accepted))["location"]!.ToString());
        var relisted = redone["listing"]!;
        Assert.Equal(("Complete", listingId, 164.99m, 1), ((string)redone["session"]!["status"]!, (long)relisted["id"]!, (decimal)relisted["price"]!,
            (int)relisted["priceChanges"]!));
        var read = await (await client.GetAsync($"/api/v1/market/listings/{listingId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((164.99m, 1), ((decimal)read["price"]!, (int)read["priceChanges"]!));
        var ebayListings = await (await client.GetAsync("/api/v1/market/listings?platform=Ebay")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([listingId], ebayListings["items"]!.AsArray().Where(row => (string?)row!["title"] == AeriusTitle).Select(row => (long)row!["id"]!));
    }

    [Fact]
    public async Task A_bulk_list_answers_202_at_once_fetches_a_repeated_address_once_pages_and_filters_its_rows_and_retries_only_what_failed()
    {
        using var client = await local.App.NewApiClientAsync(Roles.Operator);
        var fetchedBefore = local.Server.Paths.Count(path => path == "/products/aerius");
        object[] list =
        [
            new { url = local.Local("/products/aerius") }, new { url = "not an address" }, new { url = local.Local("/products/aerius?utm_source=mail") },
            new { url = local.Local("/gone/aerius") },
        ];

        var accepted = await client.PostAsJsonAsync("/api/v1/ingest/bulk", list);
        var body = await accepted.JsonAsync(HttpStatusCode.Accepted);
        var id = (long)body["id"]!;
        var location = accepted.Headers.Location?.ToString();
        Assert.Equal($"/api/v1/ingest/bulk/{id}", location);
        Assert.Equal((2, 1), ((int)body["total"]!, (int)body["duplicates"]!));
        var invalid = Assert.Single(body["invalid"]!.AsArray())!;
        Assert.Equal((2, "not an address"), ((int)invalid["row"]!, (string)invalid["text"]!));
        Assert.Contains("is not a whole address", (string)invalid["reason"]!, StringComparison.Ordinal);

        var first = await EndedAsync(client, location!);
        Assert.Equal(("Partial", (2, 2, 1, 0, 1)), ((string)first["session"]!["status"]!, Progress(first)));
        Assert.Equal(1, local.Server.Paths.Count(path => path == "/products/aerius") - fetchedBefore);
        var page = await (await client.GetAsync($"{location}?offset=0&limit=1")).JsonAsync(HttpStatusCode.OK);
        var row = Assert.Single(page["rows"]!.AsArray())!;
        Assert.Equal((2, 0, local.Local("/products/aerius"), "Succeeded"), ((int)page["totalRows"]!, (int)page["offset"]!, (string)row["url"]!, (string)row["status"]!));
        Assert.NotNull((long?)row["listingId"]);
        var next = await (await client.GetAsync($"{location}?offset=1&limit=1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(local.Local("/gone/aerius"), (string)Assert.Single(next["rows"]!.AsArray())!["url"]!);
        var failed = await (await client.GetAsync($"{location}?status=Failed")).JsonAsync(HttpStatusCode.OK);
        var failedRow = Assert.Single(failed["rows"]!.AsArray())!;
        Assert.Equal((1, local.Local("/gone/aerius"), "Failed"), ((int)failed["totalRows"]!, (string)failedRow["url"]!, (string)failedRow["status"]!));
        Assert.Contains("answered 404", (string)failedRow["error"]!, StringComparison.Ordinal);
        Assert.Equal(["limit", "status"], await (await client.GetAsync($"{location}?limit=0&status=Lost")).FieldErrorsAsync());

        Assert.Contains("has not failed", await (await client.PostAsync($"/api/v1/ingest/{id}/retry?itemId={(long)row["id"]!}", null))
            .ProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        local.Revived["/gone/aerius"] = true;
        var retried = await (await client.PostAsync($"/api/v1/ingest/{id}/retry", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Running", 0), ((string)retried["status"]!, (int)retried["progress"]!["failed"]!));
        var last = await EndedAsync(client, location!);
        Assert.Equal(("Complete", (2, 2, 2, 0, 0)), ((string)last["session"]!["status"]!, Progress(last)));
        Assert.Contains("has no failed address to try again", await (await client.PostAsync($"/api/v1/ingest/{id}/retry", null))
            .ProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("no address waiting", await (await client.PostAsync($"/api/v1/ingest/{id}/cancel", null))
            .ProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CSV_file_with_a_url_column_is_taken_and_one_without_it_or_with_more_than_1000_lines_is_refused_with_the_reason()
    {
        using var client = await local.App.NewApiClientAsync(Roles.Operator);

        var accepted = await client.PostAsync("/api/v1/ingest/bulk", CsvFile($"sku,url\nA-1,{local.Local("/products/aerius")}\nA-2,mailto:x@y.example\n"));
        var body = await accepted.JsonAsync(HttpStatusCode.Accepted);
        var invalid = Assert.Single(body["invalid"]!.AsArray())!;
        Assert.Equal((1, 0, 3, 2), ((int)body["total"]!, (int)body["duplicates"]!, (int)invalid["row"]!, (int)invalid["column"]!));
        Assert.Contains("not an http or https address", (string)invalid["reason"]!, StringComparison.Ordinal);
        var done = await EndedAsync(client, accepted.Headers.Location!.ToString());
        Assert.Equal(("Complete", "addresses.csv"), ((string)done["session"]!["status"]!, (string?)done["session"]!["fileName"]));

        var noColumn = await client.PostAsync("/api/v1/ingest/bulk", CsvFile($"address\n{local.Local("/products/aerius")}\n"));
        Assert.Contains("no url column", await noColumn.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(["rows[1].column[1]", "urls"], await noColumn.FieldErrorsAsync());

        var csv = "url\n" + string.Concat(Enumerable.Range(1, 1001).Select(index => local.Local($"/card/{index}") + "\n"));
        var detail = await (await client.PostAsync("/api/v1/ingest/bulk", CsvFile(csv))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("1,001 lines", detail, StringComparison.Ordinal);
        Assert.Contains("at most 1,000", detail, StringComparison.Ordinal);
        var json = Enumerable.Range(1, 1001).Select(index => new { url = local.Local($"/card/{index}") }).ToArray();
        Assert.Contains("at most 1,000", await (await client.PostAsJsonAsync("/api/v1/ingest/bulk", json)).ProblemAsync(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        Assert.DoesNotContain(local.Server.Paths, path => path.StartsWith("/card/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_may_only_read_an_unknown_import_is_404_and_an_address_that_is_not_http_is_a_url_field_error()
    {
        using var viewer = await local.App.NewApiClientAsync(Roles.Viewer);
        using var client = await local.App.NewApiClientAsync(Roles.Operator);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/ingest/single", new { url = local.Local("/products/aerius") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/ingest/bulk", new[] { new { url = local.Local("/products/aerius") } })).StatusCode);
        Assert.Contains("No import has id 4040", await (await viewer.GetAsync("/api/v1/ingest/4040")).ProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("No import has id 4040", await (await viewer.GetAsync("/api/v1/ingest/bulk/4040")).ProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/ingest/4040/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/ingest")).StatusCode);

        var ftp = await client.PostAsJsonAsync("/api/v1/ingest/single", new { url = "ftp://x/y" });
        Assert.Equal(["url"], await ftp.FieldErrorsAsync());
        Assert.Contains("not an http or https address", (await ftp.JsonAsync(HttpStatusCode.BadRequest))["errors"]!["url"]![0]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(["url"], await (await client.PostAsJsonAsync("/api/v1/ingest/single", new { priority = 1 })).FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await client.PostAsync("/api/v1/ingest/bulk", new StringContent("https://x.example/a", Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Fact]
    public async Task With_default_fetching_settings_a_loopback_address_a_name_set_to_one_and_a_redirect_to_one_fail_with_the_reason()
    {
        var answers = new ConcurrentDictionary<string, ScriptedAnswer>();
        await using var server = CountingHttpServer.Start(path => answers.TryGetValue(path, out var answer) ? answer : new ScriptedAnswer(404));
        var loopback = $"http://127.0.0.1:{server.Port}/products/aerius";
        answers["/products/aerius"] = IngestPages.Page("shop-jsonld.html");
        answers["/itm/356112487203"] = IngestPages.Page("ebay-item.html");
        answers["/hop"] = ScriptedAnswer.Redirect(loopback);
        await using var guarded = await FlipFlowApp.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Fetching:HostAddresses:www.ebay.com"] = "127.0.0.1",
                ["Ingestion:PerHostRequestsPerSecond"] = "100",
            },
            // shop.example has a public address; the test network still routes its connections to the local server.
            services: services => services.AddSingleton<FetchNetwork>(new TestNetwork { ["shop.example"] = [IPAddress.Parse("93.184.215.14")] }));
        using var client = await guarded.NewApiClientAsync(Roles.Operator);
        async Task<JsonNode> ImportAsync(string url) =>
            await EndedAsync(client, (string)(await (await client.PostAsJsonAsync("/api/v1/ingest/single", new { url })).JsonAsync(HttpStatusCode.Accepted))["location"]!);

        var direct = await ImportAsync(loopback);
        var named = await ImportAsync($"http://www.ebay.com:{server.Port}/itm/356112487203");
        var connectionsBeforeRedirect = server.Connections;
        var redirected = await ImportAsync($"http://shop.example:{server.Port}/hop");

        Assert.Equal(("Failed", "Failed", null), ((string)direct["session"]!["status"]!, (string)direct["item"]!["status"]!, direct["listing"]));
        var directError = (string)direct["item"]!["error"]!;
        Assert.Contains("points at 127.0.0.1, a loopback address", directError, StringComparison.Ordinal);
        Assert.Contains("unless Fetching:AllowPrivateAddresses is true", directError, StringComparison.Ordinal);
        Assert.Equal("Failed", (string)named["session"]!["status"]!);
        var namedError = (string)named["item"]!["error"]!;
        Assert.Contains("names a host (www.ebay.com) that resolves only to non-public addresses", namedError, StringComparison.Ordinal);
        Assert.Contains("Fetching:AllowPrivateAddresses", namedError, StringComparison.Ordinal);
        Assert.Equal(0, connectionsBeforeRedirect);
        Assert.Equal("Failed", (string)redirected["session"]!["status"]!);
        var redirectError = (string)redirected["item"]!["error"]!;
        Assert.Contains($"redirects to {loopback}, which points at 127.0.0.1, a loopback address", redirectError, StringComparison.Ordinal);
        Assert.Contains("Fetching:AllowPrivateAddresses", redirectError, StringComparison.Ordinal);
        Assert.Contains("/hop", server.Paths);
        Assert.DoesNotContain("/products/aerius", server.Paths);
        Assert.DoesNotContain("/itm/356112487203", server.Paths);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Ingest;

/// <summary>
/// Imports from addresses over the API of a running FlipFlow, whose job servers fetch saved pages from a local server;
/// eBay's host name is answered with this machine (Fetching:HostAddresses).
/// </summary>
[Trait("Category", "Integration")]
public sealed class IngestApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly HashSet<string> alive = [];
    private CountingHttpServer server = default!;
    private FlipFlowApp app = default!;
    private volatile string ebayPrice = "149.99";

    public async Task InitializeAsync()
    {
        server = CountingHttpServer.Start(Answer);
        app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Fetching:AllowPrivateAddresses"] = "true",
            ["Fetching:HostAddresses:www.ebay.com"] = "127.0.0.1",
            ["Ingestion:PerHostRequestsPerSecond"] = "100",
            ["Ingestion:PerHostConcurrency"] = "8",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await server.DisposeAsync();
    }

    private ScriptedAnswer Answer(string path) => path switch
    {
        "/itm/356112487203" => Page("ebay-item.html", text => text.Replace("149.99", ebayPrice)),
        "/products/aerius" => Page("shop-jsonld.html"),
        _ when alive.Contains(path) => Page("shop-opengraph.html"),
        _ => new ScriptedAnswer(404),
    };

    private static ScriptedAnswer Page(string name, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingest", "Pages", name));
        return new ScriptedAnswer(200, Encoding.UTF8.GetBytes(edit is null ? text : edit(text)), "text/html; charset=utf-8");
    }

    private string Local(string path) => $"http://127.0.0.1:{server.Port}{path}";

    private static Task<JsonNode> EndedAsync(HttpClient client, string address) =>
        Poll.UntilAsync(async () =>
        {
            var status = await (await client.GetAsync(address)).JsonAsync(HttpStatusCode.OK);
            return (string)status["session"]!["status"]! is "Complete" or "Partial" or "Failed" ? status : null;
        }, Within, $"{address} to end");

    [Fact]
    public async Task A_single_eBay_import_answers_202_gives_its_listing_and_a_ten_percent_rise_keeps_one_listing_with_one_price_change()
    {
        using var client = await app.NewApiClientAsync(Roles.Operator);

        var accepted = await client.PostAsJsonAsync("/api/v1/ingest/single", new { url = $"http://www.ebay.com:{server.Port}/itm/356112487203" });
        var body = await accepted.JsonAsync(HttpStatusCode.Accepted);
        var location = accepted.Headers.Location!.ToString();
        var done = await EndedAsync(client, location);
        ebayPrice = "164.99";
        var again = await client.PostAsJsonAsync("/api/v1/ingest/single", new { url = $"http://www.ebay.com/itm/Aerius/356112487203?_trksid=p1".Replace("www.ebay.com", $"www.ebay.com:{server.Port}") });
        var redone = await EndedAsync(client, again.Headers.Location!.ToString());

        Assert.Equal($"/api/v1/ingest/{(long)body["id"]!}", location);
        Assert.Equal("Complete", (string)done["session"]!["status"]!);
        var listing = done["listing"]!;
        Assert.Equal(("Wonders of the First Existence Aerius of Thalwind Formless Foil PSA 10", 149.99m, "USD", "thalwind_vault", "Ebay"),
            ((string)listing["title"]!, (decimal)listing["price"]!, (string)listing["currency"]!, (string)listing["seller"]!, (string)listing["platform"]!));
        var relisted = redone["listing"]!;
        Assert.Equal(((long)listing["id"]!, 164.99m, 1), ((long)relisted["id"]!, (decimal)relisted["price"]!, (int)relisted["priceChanges"]!));
        var read = await (await client.GetAsync($"/api/v1/market/listings/{(long)listing["id"]!}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((164.99m, 1, 3), ((decimal)read["price"]!, (int)read["priceChanges"]!, read["images"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_bulk_list_answers_at_once_fetches_a_repeated_address_once_pages_its_rows_and_its_failed_rows_can_be_retried()
    {
        using var client = await app.NewApiClientAsync(Roles.Operator);
        object[] list =
        [
            new { url = Local("/products/aerius") }, new { url = "not an address" }, new { url = Local("/products/aerius?utm_source=mail") },
            new { url = Local("/dead-1") }, new { url = Local("/dead-2") },
        ];

        var accepted = await client.PostAsJsonAsync("/api/v1/ingest/bulk", list);
        var body = await accepted.JsonAsync(HttpStatusCode.Accepted);
        var location = accepted.Headers.Location!.ToString();
        var first = await EndedAsync(client, location);
        var page = await (await client.GetAsync($"{location}?offset=1&limit=1")).JsonAsync(HttpStatusCode.OK);
        var failed = await (await client.GetAsync($"{location}?status=Failed")).JsonAsync(HttpStatusCode.OK);
        alive.Add("/dead-1");
        var retried = await client.PostAsync($"/api/v1/ingest/{(long)body["id"]!}/retry?itemId={(long)failed["rows"]![0]!["id"]!}", null);
        await retried.JsonAsync(HttpStatusCode.OK);
        var last = await EndedAsync(client, location);

        Assert.Equal((3, 1, 2), ((int)body["total"]!, (int)body["duplicates"]!, (int)body["invalid"]![0]!["row"]!));
        Assert.Equal(1, server.Paths.Count(path => path == "/products/aerius"));
        Assert.Equal(("Partial", 3, 1, 2), ((string)first["session"]!["status"]!, (int)first["session"]!["progress"]!["complete"]!,
            (int)first["session"]!["progress"]!["success"]!, (int)first["session"]!["progress"]!["failed"]!));
        Assert.Equal((1, 3, Local("/dead-1")), (page["rows"]!.AsArray().Count, (int)page["totalRows"]!, (string)page["rows"]![0]!["url"]!));
        Assert.Equal(2, failed["rows"]!.AsArray().Count);
        Assert.All(failed["rows"]!.AsArray(), row => Assert.Contains("answered 404", (string)row!["error"]!));
        Assert.Equal((1, 2), ((int)last["session"]!["progress"]!["failed"]!, (int)last["session"]!["progress"]!["success"]! + (int)last["session"]!["progress"]!["partial"]!));
        Assert.Contains("has not failed", await (await client.PostAsync($"/api/v1/ingest/{(long)body["id"]!}/retry?itemId={(long)failed["rows"]![0]!["id"]!}", null))
            .ProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_imports_are_refused_with_the_reason_a_CSV_file_is_taken_and_a_viewer_may_only_read()
    {
        using var viewer = await app.NewApiClientAsync(Roles.Viewer);
        using var client = await app.NewApiClientAsync(Roles.Operator);
        static MultipartFormDataContent File(string text)
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent(text, Encoding.UTF8, "text/csv"), "file", "addresses.csv");
            return form;
        }
        var thousandAndOne = Enumerable.Range(1, 1001).Select(index => new { url = Local($"/card/{index}") }).ToArray();

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/ingest/single", new { url = Local("/products/aerius") })).StatusCode);
        Assert.Equal(["url"], await (await client.PostAsJsonAsync("/api/v1/ingest/single", new { url = "ftp://cards.example/list" })).FieldErrorsAsync());
        Assert.Contains("at most 1,000", await (await client.PostAsJsonAsync("/api/v1/ingest/bulk", thousandAndOne)).ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("no url column", await (await client.PostAsync("/api/v1/ingest/bulk", File("address\nhttps://x.example/a\n"))).ProblemAsync(HttpStatusCode.BadRequest));
        var csv = await (await client.PostAsync("/api/v1/ingest/bulk", File($"sku,url\nA-1,{Local("/products/aerius")}\nA-2,mailto:x@y.example\n")))
            .JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal((1, 3, 2), ((int)csv["total"]!, (int)csv["invalid"]![0]!["row"]!, (int)csv["invalid"]![0]!["column"]!));
        Assert.Contains("No import has id 4040", await (await viewer.GetAsync("/api/v1/ingest/4040")).ProblemAsync(HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/ingest/bulk/4040")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/ingest")).StatusCode);
    }
}

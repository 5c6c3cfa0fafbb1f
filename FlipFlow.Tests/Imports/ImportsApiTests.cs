using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Imports;

/// <summary>Inventory imports, SKU review and inventory search over HTTP, on the running app with its job server.</summary>
[Trait("Category", "Integration")]
public sealed class ImportsApiTests(ApiApp fixture) : IClassFixture<ApiApp>
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<JsonNode> FinishedAsync(HttpClient client, string location) =>
        await Poll.UntilAsync(async () =>
        {
            var run = await (await client.GetAsync(location)).JsonAsync(HttpStatusCode.OK);
            return run["status"]!.GetValue<string>() is "Queued" or "Running" ? null : run;
        }, TimeSpan.FromSeconds(60), "the import to end");

    [Fact]
    public async Task A_dry_run_lists_the_five_broken_cells_and_the_import_runs_in_the_background_and_is_undone()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Operator);
        var file = InventoryFiles.Build(1000, brokenCells: true).Replace("shop", "apishop", StringComparison.Ordinal);

        var preview = await (await client.PostAsync("/api/v1/inventory/imports?dryRun=true", Csv(file))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(InventoryFiles.Broken.Select(broken => $"{broken.Row}:{broken.Column}"),
            preview["problems"]!.AsArray().Select(problem => $"{problem!["row"]}:{problem["column"]}"));
        Assert.Equal(995, preview["added"]!.GetValue<int>());

        using var accepted = await client.PostAsync("/api/v1/inventory/imports?skipInvalid=true&fileName=stock.csv", Csv(file));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var run = await FinishedAsync(client, accepted.Headers.Location!.ToString());
        Assert.Equal(("Partial", 995, 5, "stock.csv"), (run["status"]!.GetValue<string>(), run["added"]!.GetValue<int>(), run["refused"]!.GetValue<int>(),
            run["fileName"]!.GetValue<string>()));

        var refused = await client.GetStringAsync($"{accepted.Headers.Location}/refused");
        Assert.Equal(6, refused.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        var found = await (await client.GetAsync("/api/v1/inventory/search?card=143&treatment=Classic%20Paper")).JsonAsync(HttpStatusCode.OK);
        Assert.True(found["summary"]!["items"]!.GetValue<int>() >= 1);
        Assert.All(found["page"]!["items"]!.AsArray(), item => Assert.Equal("143/401", item!["number"]!.GetValue<string>()));

        var undone = await (await client.PostAsync($"{accepted.Headers.Location}/undo", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Undone", undone["status"]!.GetValue<string>());
        var again = await (await client.PostAsync($"{accepted.Headers.Location}/undo", null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("undone already", again);
    }

    [Fact]
    public async Task A_SKU_in_review_is_approved_over_the_api_and_the_next_import_uses_it()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Operator);
        var file = $"{InventoryFiles.Header}\r\nebay,reviewshop,WOTF-EXISTENCE-037-MYT-CF,1,12.00,\r\n";

        using var first = await client.PostAsync("/api/v1/inventory/imports", Csv(file));
        Assert.Equal(1, (await FinishedAsync(client, first.Headers.Location!.ToString()))["held"]!.GetValue<int>());
        var queue = await (await client.GetAsync("/api/v1/sku-mappings?status=review&platform=ebay")).JsonAsync(HttpStatusCode.OK);
        var mapping = queue["items"]!.AsArray().Single(item => item!["sku"]!.GetValue<string>() == "WOTF-EXISTENCE-037-MYT-CF")!;
        var confidence = mapping["confidence"]!.GetValue<double>();
        Assert.InRange(confidence, 0, 0.99);
        var bounded = await (await client.GetAsync(FormattableString.Invariant(
            $"/api/v1/sku-mappings?status=review&minConfidence={confidence:R}&maxConfidence={confidence:R}"))).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(mapping["id"]!.GetValue<long>(), bounded["items"]!.AsArray().Select(item => item!["id"]!.GetValue<long>()));
        Assert.All(bounded["items"]!.AsArray(), item => Assert.Equal(confidence, item!["confidence"]!.GetValue<double>()));
        var above = await (await client.GetAsync(FormattableString.Invariant($"/api/v1/sku-mappings?status=review&minConfidence={confidence + 0.005:R}")))
            .JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(mapping["id"]!.GetValue<long>(), above["items"]!.AsArray().Select(item => item!["id"]!.GetValue<long>()));

        var approved = await (await client.PostAsJsonAsync("/api/v1/sku-mappings/approve", new { ids = new[] { mapping["id"]!.GetValue<long>() } }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, approved["decided"]!.GetValue<int>());

        using var second = await client.PostAsync("/api/v1/inventory/imports", Csv(file));
        var run = await FinishedAsync(client, second.Headers.Location!.ToString());
        Assert.Equal(("Succeeded", 1, 0), (run["status"]!.GetValue<string>(), run["added"]!.GetValue<int>(), run["held"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Bad_requests_are_problems_that_say_what_is_wrong()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Operator);

        Assert.Equal(["treatment"], await (await client.GetAsync("/api/v1/inventory/search?treatment=Shiny")).FieldErrorsAsync());
        Assert.Equal(["ids"], await (await client.PostAsJsonAsync("/api/v1/sku-mappings/approve", new { ids = Array.Empty<long>() })).FieldErrorsAsync());
        Assert.Equal(["minConfidence"], await (await client.GetAsync("/api/v1/sku-mappings?minConfidence=high")).FieldErrorsAsync());
        Assert.Equal(["maxConfidence"], await (await client.GetAsync("/api/v1/sku-mappings?maxConfidence=1.5")).FieldErrorsAsync());
        Assert.Equal(["minConfidence"], await (await client.GetAsync("/api/v1/sku-mappings?minConfidence=0.9&maxConfidence=0.2")).FieldErrorsAsync());
        await (await client.PostAsJsonAsync("/api/v1/sku-mappings/approve", new { ids = new[] { 987654L } })).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync("/api/v1/inventory/imports", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await client.PostAsync("/api/v1/inventory/imports/987654/undo", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_Viewers_key_may_look_but_not_import_or_decide()
    {
        using var client = await fixture.App.NewApiClientAsync(Roles.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/inventory/imports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/inventory/imports", Csv(InventoryFiles.Header))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/sku-mappings/approve", new { ids = new[] { 1L } })).StatusCode);
    }
}

using FlipFlow.Domain.Batches;
using System.Net;
using FlipFlow.Domain.Users;
using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Tests.Support;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Web;

/// <summary>The marketplace console over HTTP: the products CSV export, and who may read it.</summary>
[Trait("Category", "Integration")]
public sealed class MarketplacePagesTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        var catalog = app.Services.GetRequiredServiceOf<ProductCatalog>();
        await catalog.CreateAsync(new ProductInput("FORMULA-1", "=HYPERLINK(\"http://evil.example\",\"Click\") holo", "Looks like a formula.",
            ItemCondition.New, 12.50m, "USD", 2, ["https://images.example.com/a.jpg", "https://images.example.com/b.jpg"], new Dictionary<string, string>()));
        await catalog.CreateAsync(new ProductInput("PLAIN-1", "Plain card, near mint", "", ItemCondition.LikeNew, 3m, "USD", 1, [],
            new Dictionary<string, string>()));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var (email, password) = await app.CreateUserAsync(role);
        var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
        return client;
    }

    [Fact]
    public async Task The_CSV_export_is_an_attachment_with_a_header_row_and_formulas_neutralised()
    {
        using var client = await SignedInAsync(Roles.Viewer);
        var response = await client.GetAsync("/products/export.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sku,title,condition,price,currency,quantity,images,description", lines[0]);
        Assert.Equal(3, lines.Length);
        var formula = Assert.Single(lines, line => line.StartsWith("FORMULA-1,", StringComparison.Ordinal));
        // The title would run as a formula in a spreadsheet: it starts with an apostrophe instead, quoted for its quotes and comma.
        Assert.StartsWith("FORMULA-1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\") holo\",New,", formula);
        Assert.Contains(",USD,2,https://images.example.com/a.jpg https://images.example.com/b.jpg,Looks like a formula.", formula);
        Assert.Contains(lines, line => line.StartsWith("PLAIN-1,\"Plain card, near mint\",LikeNew,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_CSV_export_follows_the_search()
    {
        using var client = await SignedInAsync(Roles.Operator);
        var lines = (await client.GetStringAsync("/products/export.csv?search=plain")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("PLAIN-1,", lines[1]);
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_instead_of_the_export()
    {
        using var client = app.NewClient();
        var response = await client.GetAsync("/products/export.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", Forms.RedirectPath(response, app.BaseAddress));
        Assert.DoesNotContain("FORMULA-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_role_may_open_the_marketplace_console_pages()
    {
        var batchId = await app.Services.QueryAsync(async db =>
        {
            var batch = new BatchJob { Title = "A batch to look at", RequestedBy = "test", Status = BatchStatus.Completed, CreatedAt = DateTimeOffset.UtcNow };
            db.BatchJobs.Add(batch);
            await db.SaveChangesAsync();
            return batch.Id;
        });
        using var client = await SignedInAsync(Roles.Viewer);
        foreach (var path in new[] { "/products", "/batches", $"/batches/{batchId}", "/marketplaces" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode} to a Viewer.");
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Marketplaces;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

[Trait("Category", "Integration")]
public sealed class MarketplacesApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    private static readonly JsonSerializerOptions Json = ApiAnswers.Json;

    [Fact]
    public async Task Marketplaces_answer_each_connection_status_and_listings_by_status_and_never_a_setting_or_secret()
    {
        var connections = demo.App.Services.GetRequiredService<MarketplaceConnections>();
        // Every field without a default gets a value of its own, secrets included, so any of them in the answer is seen.
        var fields = connections.Describe(Marketplace.Ebay).Fields;
        var entered = fields.Where(field => field.Default is null).ToDictionary(field => field.Name, field => $"entered-{field.Name}-{Guid.NewGuid():N}");
        Assert.Contains(fields, field => field.Secret && entered.ContainsKey(field.Name));
        await connections.SaveAsync(Marketplace.Ebay, fields.ToDictionary(field => field.Name, field => (string?)(field.Default ?? entered[field.Name])), "admin@example.com");
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        using var response = await client.GetAsync("/api/v1/marketplaces");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.All(entered.Values, value => Assert.DoesNotContain(value, text));
        var marketplaces = JsonSerializer.Deserialize<List<ApiMarketplace>>(text, Json)!;
        Assert.Equal(["demo", "ebay", "etsy"], marketplaces.Select(marketplace => marketplace.Marketplace));
        var demoMarket = marketplaces[0];
        Assert.Equal(("Demo", ConnectionHealth.Connected, false), (demoMarket.Name, demoMarket.Connection, demoMarket.NeedsCredentials));
        Assert.True(demoMarket.Listings.Active > 0);
        var ebay = marketplaces[1];
        Assert.Equal((ConnectionHealth.Connected, true, "admin@example.com"), (ebay.Connection, ebay.NeedsCredentials, ebay.UpdatedBy));
        Assert.Equal(ConnectionHealth.NotConfigured, marketplaces[2].Connection);
        var statuses = await demo.CliAsync("marketplace", "status", "--json");
        var cli = JsonDocument.Parse(statuses).RootElement.EnumerateArray()
            .Select(row => (row.GetProperty("marketplace").GetString(), row.GetProperty("listings").GetProperty("active").GetInt32())).ToList();
        Assert.Equal(cli, marketplaces.Select(marketplace => ((string?)marketplace.Marketplace, marketplace.Listings.Active)));
    }
}

using System.Net;
using System.Text.Json;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Market.Sources;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Marketplaces;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

[Trait("Category", "Integration")]
public sealed class MarketSourcesApiTests(ApiApp fixture) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Market_sources_answer_each_connection_status_and_access_note_and_never_a_setting_or_secret()
    {
        var connections = fixture.App.Services.GetRequiredService<MarketSourceConnections>();
        var appId = $"app-{Guid.NewGuid():N}";
        var secret = $"secret-{Guid.NewGuid():N}";
        await connections.SaveAsync(MarketSourceKind.EbayInsights, new Dictionary<string, string?>
        {
            [EbayBuySource.Field.ClientId] = appId,
            [EbayBuySource.Field.ClientSecret] = secret,
        }, "admin@example.com");
        await connections.SetAccessNoteAsync(MarketSourceKind.EbayInsights, EbayInsightsSource.NoAccessNote);
        using var client = await fixture.App.NewApiClientAsync(Roles.Viewer);

        using var response = await client.GetAsync("/api/v1/market/sources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(appId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var sources = JsonSerializer.Deserialize<List<ApiMarketSource>>(text, ApiAnswers.Json)!;
        Assert.Equal(["ebaybrowse", "ebayinsights", "blokpax"], sources.Select(source => source.Source));
        Assert.Equal(ConnectionHealth.NotConfigured, sources[0].Connection);
        Assert.Equal((ConnectionHealth.Connected, EbayInsightsSource.NoAccessNote, "admin@example.com"),
            (sources[1].Connection, sources[1].AccessNote, sources[1].UpdatedBy));
    }
}

using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Ebay;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Marketplaces.Ebay;

/// <summary>FlipFlow's services over a migrated test database, with eBay connected to a <see cref="FakeEbay"/>.</summary>
internal static class EbayTestHost
{
    /// <summary>No pacing of eBay calls, and quick retries, so tests do not wait.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Marketplaces:Ebay:RequestsPerSecond"] = "0",
        ["Orchestration:RetryInitialSeconds"] = "0.01",
        ["Orchestration:RetryMaxSeconds"] = "0.05",
    };

    public static async Task<IHost> StartAsync(TestDatabase database, FakeEbay fake, TimeProvider? clock = null)
    {
        var host = TestHost.Build(database, clock, services =>
        {
            // The marketplaces may not (yet) be part of the core services every host gets.
            if (!services.Any(service => service.ServiceType == typeof(MarketplaceHandlers)))
            {
                services.AddFlipFlowMarketplaces(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
            }
        }, Settings);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<MarketplaceConnections>().SaveAsync(Marketplace.Ebay, new Dictionary<string, string?>
        {
            [EbayClient.Field.ClientId] = FakeEbay.ClientId,
            [EbayClient.Field.ClientSecret] = FakeEbay.ClientSecret,
            [EbayClient.Field.RefreshToken] = FakeEbay.RefreshToken,
            [EbayClient.Field.ApiBaseUrl] = fake.BaseUrl,
            [EbayClient.Field.AuthBaseUrl] = fake.BaseUrl,
            [EbayClient.Field.MerchantLocationKey] = FakeEbay.LocationKey,
            [EbayClient.Field.FulfillmentPolicyId] = FakeEbay.FulfillmentPolicyId,
            [EbayClient.Field.PaymentPolicyId] = FakeEbay.PaymentPolicyId,
            [EbayClient.Field.ReturnPolicyId] = FakeEbay.ReturnPolicyId,
            [EbayClient.Field.CategoryId] = FakeEbay.CategoryId,
        }, "test");
        return host;
    }
}

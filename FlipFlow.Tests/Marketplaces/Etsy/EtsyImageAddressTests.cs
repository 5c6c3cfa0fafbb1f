using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Marketplaces.Etsy;

/// <summary>Etsy's image uploads with the default fetching settings: images come only from public addresses.</summary>
[Trait("Category", "Integration")]
public sealed class EtsyImageAddressTests : IAsyncLifetime
{
    private EtsyHarness harness = default!;

    public async Task InitializeAsync() => harness = await EtsyHarness.StartAsync(allowPrivateAddresses: false);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task A_product_image_on_a_loopback_address_fails_its_upload_at_once_with_the_reason_and_nothing_reaches_that_port()
    {
        await using var listener = CountingHttpServer.Start(_ => ScriptedAnswer.Image([0xFF, 0xD8, 0xFF, 0xE0, 1]));
        var address = $"http://127.0.0.1:{listener.Port}/x.png";
        var product = await harness.AddProductAsync("WOTF-002-NM", "Wonders of the First: Existence rare, near mint", 12.50m, 1, address);

        var job = await harness.RunAsync(MarketplaceOperation.Publish, productId: product.Id);

        var reason = $"{address} points at 127.0.0.1, a loopback address; FlipFlow does not fetch from private, loopback, link-local or other non-public addresses unless Fetching:AllowPrivateAddresses is true.";
        Assert.Equal(MarketplaceJobStatus.Failed, job.Status);
        Assert.Contains(reason, job.Error);
        var upload = job.Tasks.Single(task => task.Name == "UploadImage 1");
        // Permanent: no retry, which would only knock on the same address again.
        Assert.Equal((MarketplaceTaskStatus.Failed, 1), (upload.Status, upload.Attempts));
        Assert.Contains(reason, upload.Error);
        Assert.Equal(MarketplaceTaskStatus.Skipped, job.Tasks.Single(task => task.Name == "PublishListing").Status);
        Assert.Equal(0, listener.Connections);
        Assert.Empty(Assert.Single(harness.Etsy.Listings).Images);
    }
}

using System.Text.Json;
using FlipFlow.Domain.Sellers;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>sellers</c> verbs: reading a seller text, and the backfill and a merge round trip over the demo market.</summary>
[Trait("Category", "Integration")]
public sealed class SellerCliTests : CliTest
{
    [Fact]
    public async Task Parse_prints_the_seller_of_an_ebay_feedback_blob_and_refuses_a_tracking_parameter_with_exit_1()
    {
        var parse = await JsonAsync("sellers", "parse", "--platform", "ebay", "dadcandoit  99.8% positive (1.2K)Top Rated Plus", "--json");

        Assert.Equal(["platform", "sellerId", "displayName", "feedbackScore", "feedbackPercent", "badge"], parse.EnumerateObject().Select(property => property.Name));
        Assert.Equal(("Ebay", "dadcandoit", 1200, 99.8m),
            (parse.GetProperty("platform").GetString(), parse.GetProperty("sellerId").GetString(), parse.GetProperty("feedbackScore").GetInt32(),
                parse.GetProperty("feedbackPercent").GetDecimal()));

        var (exit, _, error) = await RunAsync("sellers", "parse", "--platform", "ebay", "p4429486.m3561.l161211");
        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Contains(SellerIdentityRule.TrackingParameter, error);
    }

    [Fact]
    public async Task Over_the_demo_market_the_backfill_covers_every_platform_and_a_merge_and_unmerge_put_every_listing_back()
    {
        await OkAsync("db", "seed", "--demo");

        var backfill = await JsonAsync("sellers", "backfill", "--json");
        var coverage = backfill.GetProperty("coverage").EnumerateArray().ToList();
        Assert.Equal(3, coverage.Count);
        Assert.All(coverage, platform => Assert.InRange(platform.GetProperty("percent").GetDecimal(), 95m, 100m));
        string[] reasons = [SellerIdentityRule.NoText, SellerIdentityRule.TrackingParameter, SellerIdentityRule.BadCharacters, SellerIdentityRule.TooLong,
            SellerIdentityRule.TooShort, SellerIdentityRule.ShortWallet];
        var unused = backfill.GetProperty("unused").EnumerateArray().ToList();
        Assert.NotEmpty(unused);
        Assert.All(unused, text => Assert.Contains(text.GetProperty("reason").GetString(), reasons));
        // Everything not linked is explained: the unused texts account for every listing without a seller.
        Assert.Equal(coverage.Sum(platform => platform.GetProperty("listings").GetInt32() - platform.GetProperty("linked").GetInt32()),
            unused.Sum(text => text.GetProperty("listings").GetInt32()));

        var sellers = (await JsonAsync("sellers", "list", "--page-size", "2", "--json")).GetProperty("sellers").EnumerateArray().ToList();
        var (target, source) = (sellers[0].GetProperty("id").GetInt64(), sellers[1].GetProperty("id").GetInt64());
        var (targetBefore, sourceBefore) = (await ListingsOf(target), await ListingsOf(source));
        async Task AssertAsBeforeAsync()
        {
            Assert.Equal(targetBefore, await ListingsOf(target));
            Assert.Equal(sourceBefore, await ListingsOf(source));
        }

        var preview = await JsonAsync("sellers", "merge", $"{target}", $"{source}", "--dry-run", "--json");
        Assert.Equal(sourceBefore.Count, preview.GetProperty("marketListings").GetInt32());
        await AssertAsBeforeAsync();

        var merge = await JsonAsync("sellers", "merge", $"{target}", $"{source}", "--json");
        Assert.Equal(targetBefore.Union(sourceBefore).Order(), (await ListingsOf(target)).Order());
        Assert.Empty(await ListingsOf(source));
        var shown = await JsonAsync("sellers", "show", $"{source}", "--json");
        Assert.False(shown.GetProperty("seller").GetProperty("isActive").GetBoolean());
        Assert.Equal(target, shown.GetProperty("mergedInto").GetProperty("id").GetInt64());

        var mergeId = merge.GetProperty("id").GetInt64();
        Assert.Contains($"Merge {mergeId} undone", await OkAsync("sellers", "unmerge", $"{mergeId}"));
        await AssertAsBeforeAsync();
        var (again, _, refused) = await RunAsync("sellers", "unmerge", $"{mergeId}");
        Assert.Equal(FlipFlowCli.Failed, again);
        Assert.Contains($"Merge {mergeId} was undone already", refused);
    }

    private async Task<List<long>> ListingsOf(long seller)
    {
        var page = await JsonAsync("market", "listings", "--seller", $"{seller}", "--page-size", "500", "--json");
        Assert.True(page.GetProperty("total").GetInt32() <= 500);
        return page.GetProperty("listings").EnumerateArray().Select(listing => listing.GetProperty("id").GetInt64()).Order().ToList();
    }
}

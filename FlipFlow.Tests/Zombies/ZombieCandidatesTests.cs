using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Zombies;

namespace FlipFlow.Tests.Zombies;

public sealed class ZombieCandidatesTests
{
    private static Listing Listing(ListingStatus status, int? score) => new() { Id = 1, Status = status, ZombieScore = score };

    [Theory]
    [InlineData(ListingStatus.Active, 80, true, true, false, 80)]
    [InlineData(ListingStatus.Active, null, true, false, false, null)]
    [InlineData(ListingStatus.Ended, 80, false, false, true, null)]
    [InlineData(ListingStatus.Sold, 80, false, false, true, null)]
    [InlineData(ListingStatus.Draft, 80, false, false, true, null)]
    [InlineData(ListingStatus.Ended, null, false, false, false, null)]
    public void Only_a_live_listing_is_judged_listed_as_a_zombie_and_shows_its_score(ListingStatus status, int? score, bool judged, bool listed, bool stale,
        int? shown)
    {
        var listing = Listing(status, score);

        Assert.Equal(judged, ZombieCandidates.Judged.Compile()(listing));
        Assert.Equal(listed, ZombieCandidates.Listed.Compile()(listing));
        Assert.Equal(stale, ZombieCandidates.Stale.Compile()(listing));
        Assert.Equal(shown, ZombieCandidates.ScoreShown(status, score));
    }

    public static TheoryData<ZombieTarget?, string?> Targets => new()
    {
        { null, "listing 5: there is no such listing" },
        { new ZombieTarget(5, ListingStatus.Active, Marketplace.Demo, Busy: false, Supported: true), null },
        { new ZombieTarget(5, ListingStatus.Ended, Marketplace.Demo, Busy: false, Supported: true), "listing 5: not live (ended)" },
        { new ZombieTarget(5, ListingStatus.Sold, Marketplace.Demo, Busy: true, Supported: false), "listing 5: not live (sold)" },
        { new ZombieTarget(5, ListingStatus.Active, Marketplace.Demo, Busy: true, Supported: false), "listing 5: already in a batch that has not ended" },
        { new ZombieTarget(5, ListingStatus.Active, Marketplace.Ebay, Busy: false, Supported: false), "listing 5: FlipFlow cannot resurrect on eBay" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void An_action_takes_a_listing_that_exists_is_live_is_not_busy_and_whose_marketplace_can_do_it(ZombieTarget? target, string? refusal) =>
        Assert.Equal(refusal, ZombieCandidates.Refusal(5, target, "resurrect"));

    [Theory]
    [InlineData(90, 200, 90)]
    [InlineData(90, 10, 90)]
    [InlineData(null, 40, 40)]
    public void A_listing_ages_from_when_it_was_listed_else_from_when_it_was_created(int? listedDaysAgo, int createdDaysAgo, int agedDaysAgo)
    {
        var now = new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
        var listing = new Listing { ListedAt = listedDaysAgo is { } days ? now.AddDays(-days) : null, CreatedAt = now.AddDays(-createdDaysAgo) };

        Assert.Equal(now.AddDays(-agedDaysAgo), ZombieCandidates.AgeStart(listing));
    }
}

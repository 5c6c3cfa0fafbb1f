using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;

namespace FlipFlow.Tests.Sellers;

public sealed class SellerRulesTests
{
    [Theory]
    [InlineData(1L, new long[0], "Choose at least one seller to merge into the target.")]
    [InlineData(1L, new[] { 1L, 2L }, "Seller 1 is the target; it cannot also be merged into itself.")]
    [InlineData(1L, new[] { 2L, 2L }, "Each seller is merged once; one is named twice.")]
    [InlineData(1L, new[] { 2L }, null)]
    [InlineData(1L, new[] { 2L, 3L, 4L }, null)]
    public void A_merge_needs_a_target_and_other_sellers_each_named_once(long target, long[] sources, string? problem) =>
        Assert.Equal(problem, SellerRules.MergeProblem(target, sources));

    [Theory]
    [InlineData("Card Vault", null)]
    [InlineData("  ", "Give the seller a display name.")]
    [InlineData(null, "Give the seller a display name.")]
    public void A_display_name_is_required(string? name, string? problem) => Assert.Equal(problem, SellerRules.DisplayNameProblem(name));

    [Fact]
    public void Display_names_and_notes_have_limits()
    {
        Assert.NotNull(SellerRules.DisplayNameProblem(new string('a', SellerRules.DisplayNameMaxLength + 1)));
        Assert.Null(SellerRules.NotesProblem(null));
        Assert.Null(SellerRules.NotesProblem("Ships fast.\nGood packing."));
        Assert.NotNull(SellerRules.NotesProblem(new string('a', SellerRules.NotesMaxLength + 1)));
        Assert.NotNull(SellerRules.NotesProblem("right\u202Eto left"));
    }

    [Theory]
    [InlineData("Card-King_99", "cardking99")]
    [InlineData("  MINT slabs ", "mintslabs")]
    public void Names_are_compared_as_lower_case_letters_and_digits(string name, string normalized) =>
        Assert.Equal(normalized, SellerSuggestions.Normalize(name));

    [Fact]
    public void Suggestions_pair_the_same_name_across_platforms_and_names_at_least_ninety_percent_alike_with_their_reason()
    {
        SellerName Seller(long id, MarketPlatform platform, string name) => new(id, platform, name);
        var sellers = new[]
        {
            Seller(1, MarketPlatform.Ebay, "Card-King_99"),
            Seller(2, MarketPlatform.ShootStrayt, "cardking99"),
            Seller(3, MarketPlatform.Blokpax, "mintslabshop"),
            Seller(4, MarketPlatform.Ebay, "mintslabsho"),
            Seller(5, MarketPlatform.Ebay, "mintvault"),
            Seller(6, MarketPlatform.Blokpax, "0x3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d"),
            Seller(7, MarketPlatform.Ebay, "0x3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1e"),
            Seller(8, MarketPlatform.Ebay, "abc"),
            Seller(9, MarketPlatform.Blokpax, "abc"),
        };

        var found = SellerSuggestions.Find(sellers);

        Assert.Collection(found,
            same =>
            {
                Assert.Equal((1L, 2L, 100), (same.First.Id, same.Second.Id, same.Similarity));
                Assert.Equal("The same name, \"cardking99\", on Ebay and ShootStrayt.", same.Reason);
            },
            alike =>
            {
                Assert.Equal((3L, 4L), (alike.First.Id, alike.Second.Id));
                Assert.InRange(alike.Similarity, SellerSuggestions.MinimumSimilarity, 99);
                Assert.Equal($"Names {alike.Similarity}% alike.", alike.Reason);
            });
    }
}

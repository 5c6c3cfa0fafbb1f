using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Snapshots;

namespace FlipFlow.Tests.Listings;

public sealed class RelistLineageTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);

    /// <summary>"id&lt;replaced:status" links ("3&lt;2:A" is listing 3, live, which replaced 2; "1:E" replaced none, ended; S sold).</summary>
    private static IEnumerable<ListingLink> Links(string links) => links.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(link =>
    {
        var (head, status) = (link.Split(':')[0], link.Split(':')[1]);
        var parts = head.Split('<');
        return new ListingLink(long.Parse(parts[0], CultureInfo.InvariantCulture),
            parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : null,
            status switch { "A" => ListingStatus.Active, "S" => ListingStatus.Sold, _ => ListingStatus.Ended });
    });

    private static string Ids(IEnumerable<long> ids) => string.Join(" ", ids);

    [Theory]
    [InlineData(1, "1:A", "1", null, null)]
    [InlineData(3, "1:E 2<1:E 3<2:A", "3 2 1", 2L, null)]
    [InlineData(2, "1:E 2<1:E 3<2:A", "2 1", 1L, 3L)]
    [InlineData(1, "1:E 2<1:E 3<2:A", "1", null, 2L)]
    [InlineData(3, "3<2:A 9:A 8<9:A", "3 2", 2L, null)]
    [InlineData(2, "1<2:E 2<1:E", "2 1", 1L, 1L)]
    [InlineData(5, "5<5:A", "5", null, null)]
    [InlineData(1, "1:E 2<1:E 3<1:A 4<1:E", "1", null, 3L)]
    [InlineData(1, "1:E 2<1:E 4<1:S", "1", null, 4L)]
    [InlineData(7, "", "7", null, null)]
    public void The_lineage_goes_back_through_what_each_replaced_and_forward_to_a_live_successor_else_the_newest(long listingId, string links,
        string history, long? replaces, long? replacedBy)
    {
        var lineage = RelistLineage.Of(listingId, Links(links));

        Assert.Equal(history, Ids(lineage.History));
        Assert.Equal(replaces, lineage.Replaces);
        Assert.Equal(replacedBy, lineage.ReplacedBy);
    }

    private static ListingSnapshot Day(long listingId, int day, int? views, int sold, decimal price, ListingStatus status = ListingStatus.Active,
        int? impressions = null) => new()
    {
        ListingId = listingId, Date = Day1.AddDays(day), Views = views, Impressions = impressions, UnitsSold = sold, Price = price, Quantity = 1,
        Status = status, Watchers = (int)price,
    };

    public static TheoryData<ListingSnapshot[], string> Snapshots => new()
    {
        // One listing: its days as they are, oldest first.
        { [Day(3, 1, 5, 0, 12m), Day(3, 0, 4, 1, 12m)], "0:3:4:-:1:12:Active 1:3:5:-:0:12:Active" },
        // The relist day: views and sales add up, the rest is the newest listing's.
        { [Day(2, 0, 4, 1, 15m, ListingStatus.Ended), Day(3, 0, 2, 0, 13m)], "0:3:6:-:1:13:Active" },
        // No data only when no listing reported it.
        { [Day(2, 0, null, 0, 15m, ListingStatus.Ended, 100), Day(3, 0, null, 2, 13m)], "0:3:-:100:2:13:Active" },
        { [Day(1, 0, 0, 0, 15m, ListingStatus.Ended), Day(2, 0, null, 0, 14m, ListingStatus.Ended), Day(3, 0, null, 0, 13m)], "0:3:0:-:0:13:Active" },
        // Days before the relist are the older listing's; listings outside the lineage are left out.
        { [Day(1, 0, 7, 0, 20m), Day(2, 1, 3, 0, 15m), Day(9, 0, 99, 9, 1m), Day(9, 1, 99, 9, 1m)], "0:1:7:-:0:20:Active 1:2:3:-:0:15:Active" },
    };

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void A_lineage_has_one_day_per_date_summing_traffic_and_sales_and_keeping_the_newest_listing_state(ListingSnapshot[] snapshots, string days)
    {
        var lineage = RelistLineage.Of(3, Links("1:E 2<1:E 3<2:A 9:A"));

        var merged = lineage.Days(snapshots);

        Assert.Equal(days, string.Join(" ", merged.Select(day => string.Create(CultureInfo.InvariantCulture,
            $"{day.Date.DayNumber - Day1.DayNumber}:{day.ListingId}:{day.Views?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{day.Impressions?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{day.UnitsSold}:{day.Price:0.##}:{day.Status}"))));
        Assert.All(merged, day => Assert.Equal((int)day.Price, day.Watchers));
    }
}

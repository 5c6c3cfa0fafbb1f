using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Zombies;

namespace FlipFlow.Tests.Zombies;

public sealed class ZombieOrderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>"id:score:listed days ago:created days ago", a listed date of "-" being none.</summary>
    private static Listing Parse(string row)
    {
        var parts = row.Split(':');
        return new Listing
        {
            Id = long.Parse(parts[0], CultureInfo.InvariantCulture),
            ZombieScore = int.Parse(parts[1], CultureInfo.InvariantCulture),
            ListedAt = parts[2] == "-" ? null : Now.AddDays(-int.Parse(parts[2], CultureInfo.InvariantCulture)),
            CreatedAt = Now.AddDays(-int.Parse(parts[3], CultureInfo.InvariantCulture)),
        };
    }

    [Theory]
    [InlineData("1:50:90:90 2:80:90:90 3:70:90:90", "2 3 1")]
    [InlineData("1:60:70:70 2:60:90:90 3:60:80:80", "2 3 1")]
    [InlineData("3:60:90:90 1:60:90:90 2:60:90:90", "1 2 3")]
    [InlineData("1:60:70:200 2:60:90:90", "2 1")]
    [InlineData("1:60:-:95 2:60:90:90", "1 2")]
    [InlineData("1:60:-:85 2:60:90:90", "2 1")]
    [InlineData("9:40:100:100 4:99:1:1 5:60:90:90 2:60:90:90 7:60:120:120", "4 7 2 5 9")]
    public void Worst_first_is_highest_score_then_oldest_then_lowest_id(string rows, string expected)
    {
        var listings = rows.Split(' ').Select(Parse).ToList();

        var ordered = listings.AsQueryable().WorstFirst().Select(listing => listing.Id);

        Assert.Equal(expected.Split(' ').Select(id => long.Parse(id, CultureInfo.InvariantCulture)), ordered);
    }
}

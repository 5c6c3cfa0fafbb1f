using System.Globalization;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Sellers;

/// <summary>A seller of the benchmark market: its platform, the key <see cref="SellerIdentityRule"/> reads, and the texts it shows.</summary>
internal sealed record PoolSeller(MarketPlatform Platform, string Key, string DisplayName, IReadOnlyList<string> Texts);

/// <summary>
/// Seller texts as the platforms show them, each seller in two forms: eBay's feedback blob (<c>name  99.8% positive (1.2K)</c>,
/// sometimes followed by <c>Top Rated Plus</c>) with the older <c>name (5432) 99.5%</c>, a <c>/usr/name</c> link or the bare name;
/// Blokpax wallets (<c>0x</c> and 40 hex digits, lower and mixed case) and usernames; ShootStrayt shop names as typed and
/// in capitals. Beside them the texts that name no seller: eBay tracking parameters (<c>p4429486.m3561.l161211</c>), cut
/// Blokpax wallets and over-long shop names. Every text is checked against the rule when the pool is made.
/// </summary>
internal sealed class SellerTextPool
{
    private static readonly string[] Words =
    [
        "card", "vault", "flip", "wonder", "mint", "gem", "slab", "pack", "break", "foil", "rare", "hobby", "collect", "trade",
        "zone", "king", "shop", "den", "hub", "stash", "first", "exist", "stone", "serial", "legend", "arcade", "north", "coast",
    ];

    private SellerTextPool(IReadOnlyList<PoolSeller> sellers, IReadOnlyList<(MarketPlatform Platform, string Text)> rejected)
    {
        Sellers = sellers;
        Rejected = rejected;
    }

    public IReadOnlyList<PoolSeller> Sellers { get; }

    /// <summary>Texts the rule refuses, a few of each platform's kinds.</summary>
    public IReadOnlyList<(MarketPlatform Platform, string Text)> Rejected { get; }

    /// <summary><paramref name="count"/> sellers: 60% on eBay, 30% on Blokpax, 10% on ShootStrayt.</summary>
    public static SellerTextPool Make(int count, int seed)
    {
        var random = new Random(seed);
        var keys = new HashSet<(MarketPlatform, string)>();
        var sellers = new List<PoolSeller>(count);
        while (sellers.Count < count)
        {
            var roll = sellers.Count % 10;
            var seller = roll < 6 ? Ebay(random) : roll < 9 ? Blokpax(random) : ShootStrayt(random);
            if (keys.Add((seller.Platform, seller.Key)))
            {
                sellers.Add(seller);
            }
        }
        var rejected = new List<(MarketPlatform, string)>();
        for (var index = 0; index < 12; index++)
        {
            rejected.Add((MarketPlatform.Ebay, $"{(index % 4 == 0 ? "_trksid=" : "")}p{random.Next(1_000_000, 9_999_999)}.m{random.Next(1000, 9999)}.l{random.Next(100_000, 999_999)}"));
            rejected.Add((MarketPlatform.Blokpax, "0x" + Hex(random, 8 + index)));
            rejected.Add((MarketPlatform.ShootStrayt, $"{Name(random, ' ')} Trading Cards Collectibles and Sealed Product Outlet Store {index}"));
        }
        foreach (var seller in sellers)
        {
            foreach (var text in seller.Texts)
            {
                if (SellerIdentityRule.Read(seller.Platform, text).Identity?.SellerId != seller.Key)
                {
                    throw new InvalidOperationException($"The rule does not read {seller.Platform} \"{text}\" as {seller.Key}.");
                }
            }
        }
        foreach (var (platform, text) in rejected)
        {
            if (SellerIdentityRule.Read(platform, text).Identity is not null)
            {
                throw new InvalidOperationException($"The rule reads a seller from {platform} \"{text}\".");
            }
        }
        return new SellerTextPool(sellers, rejected);
    }

    /// <summary>A seller index, the low ones far more often: a few large sellers and a long tail.</summary>
    public static int Skewed(Random random, int count) => Math.Min(count - 1, (int)(count * Math.Pow(random.NextDouble(), 2.5)));

    private static PoolSeller Ebay(Random random)
    {
        var name = Name(random, "_.-"[random.Next(3)]);
        if (random.Next(4) == 0)
        {
            name = char.ToUpperInvariant(name[0]) + name[1..];
        }
        var percent = (95m + random.Next(0, 51) / 10m).ToString("0.0", CultureInfo.InvariantCulture).Replace(".0", "", StringComparison.Ordinal);
        var score = random.Next(3) switch { 0 => random.Next(5, 999), 1 => random.Next(1_000, 9_999), _ => random.Next(10_000, 250_000) };
        var shortScore = score < 1_000 ? score.ToString(CultureInfo.InvariantCulture)
            : score < 10_000 ? (score / 1000m).ToString("0.0", CultureInfo.InvariantCulture) + "K"
            : (score / 1000).ToString(CultureInfo.InvariantCulture) + "K";
        var blob = $"{name}  {percent}% positive ({shortScore})" + (random.Next(5) == 0 ? "Top Rated Plus" : "");
        var second = random.Next(3) switch
        {
            0 => $"{name} ({score - random.Next(0, 5)}) {percent}%",
            1 => name,
            _ => $"https://www.ebay.com/usr/{name}",
        };
        return new PoolSeller(MarketPlatform.Ebay, name.ToLowerInvariant(), name, [blob, second]);
    }

    private static PoolSeller Blokpax(Random random)
    {
        if (random.Next(10) < 6)
        {
            var wallet = "0x" + Hex(random, 40);
            var mixed = "0x" + string.Concat(wallet[2..].Select(digit => random.Next(2) == 0 ? char.ToUpperInvariant(digit) : digit));
            return new PoolSeller(MarketPlatform.Blokpax, wallet, wallet, [wallet, mixed]);
        }
        var name = Name(random, "_.-"[random.Next(3)]);
        return new PoolSeller(MarketPlatform.Blokpax, name.ToLowerInvariant(), name, [name, $" {name} "]);
    }

    private static PoolSeller ShootStrayt(Random random)
    {
        var shop = string.Join(' ', Name(random, ' ').Split(' ').Select(word => char.ToUpperInvariant(word[0]) + word[1..])) + " Cards";
        return new PoolSeller(MarketPlatform.ShootStrayt, shop.ToLowerInvariant(), shop, [shop, shop.ToUpperInvariant()]);
    }

    private static string Name(Random random, char separator) =>
        $"{Words[random.Next(Words.Length)]}{separator}{Words[random.Next(Words.Length)]}{(random.Next(3) == 0 ? "" : random.Next(1, 999).ToString(CultureInfo.InvariantCulture))}";

    private static string Hex(Random random, int digits) => string.Concat(Enumerable.Range(0, digits).Select(_ => "0123456789abcdef"[random.Next(16)]));
}

/// <summary>Market listings, sellers and plain SQL for the seller benchmarks.</summary>
internal static class SellerBenchmarkData
{
    /// <summary>
    /// One market listing of the benchmark market: 12% active, 38% sold over the last year, the rest ended; one in ten offers
    /// several units; half of Blokpax's are priced in BPX.
    /// </summary>
    public static MarketListing Listing(int index, Random random, DateTimeOffset now, MarketPlatform platform, string sellerText, long? sellerId)
    {
        var roll = random.Next(100);
        var status = roll < 12 ? MarketListingStatus.Active : roll < 50 ? MarketListingStatus.Sold : MarketListingStatus.Ended;
        var listedAt = now.AddDays(-random.Next(1, 366)).AddMinutes(-random.Next(1440));
        var endedAt = listedAt.AddHours(random.Next(1, 24 * 20));
        if (endedAt > now)
        {
            endedAt = now;
        }
        return new MarketListing
        {
            Platform = platform,
            ExternalId = $"seller-bench-{index}",
            Url = $"https://example.test/itm/{index}",
            Title = $"Wonders of the First Existence card {index % 437} Classic Foil",
            Format = MarketListingFormat.FixedPrice,
            Status = status,
            Price = 1m + random.Next(0, 50_000) / 100m,
            Currency = platform == MarketPlatform.Blokpax && index % 2 == 0 ? "BPX" : "USD",
            Quantity = random.Next(10) == 0 ? random.Next(2, 6) : 1,
            FirstSeenAt = listedAt,
            LastSeenAt = status == MarketListingStatus.Active ? now : endedAt,
            SoldAt = status == MarketListingStatus.Sold ? endedAt : null,
            SellerText = sellerText,
            SellerId = sellerId,
            Source = MarketSourceKind.Demo,
            ProductType = MarketProductType.Single,
            ParseConfidence = 1.0,
        };
    }

    /// <summary>Adds a seller record for each pool seller, as the backfill would have made it; their ids by platform and key.</summary>
    public static Dictionary<(MarketPlatform, string), long> AddSellers(IDbContextFactory<FlipFlowDbContext> contexts, IEnumerable<PoolSeller> sellers,
        DateTimeOffset now)
    {
        using var db = contexts.CreateDbContext();
        var added = sellers.Select((seller, index) => new Seller
        {
            Platform = seller.Platform,
            PlatformSellerId = seller.Key,
            DisplayName = seller.DisplayName,
            FirstSeenAt = now.AddDays(-365),
            LastSeenAt = now.AddHours(-index % 2000),
        }).ToList();
        db.Sellers.AddRange(added);
        db.SaveChanges();
        return added.ToDictionary(seller => (seller.Platform, seller.PlatformSellerId), seller => seller.Id);
    }

    /// <summary>A time as the model stores it (UTC ticks on SQLite).</summary>
    public static object Time(FlipFlowDbContext db, DateTimeOffset time)
    {
        var converter = db.Model.FindEntityType(typeof(MarketListing))!.FindProperty(nameof(MarketListing.SoldAt))!.GetTypeMapping().Converter;
        return converter?.ConvertToProvider(time) ?? time;
    }
}

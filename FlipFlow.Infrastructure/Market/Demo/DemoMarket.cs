using System.Globalization;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Market.Demo;

/// <summary>
/// One demo listing's whole life: when it was put up, its price and when it was cut, and when it sold or ended.
/// <see cref="At"/> says what a reader of the market saw of it at a given time.
/// </summary>
public sealed record DemoMarketListing(
    MarketPlatform Platform,
    string ExternalId,
    string? Url,
    string Title,
    MarketListingFormat Format,
    decimal Price,
    decimal? CutPrice,
    DateTimeOffset? CutAt,
    decimal? SalePrice,
    string SellerText,
    decimal? Shipping,
    int Quantity,
    DateTimeOffset ListedAt,
    DateTimeOffset? SoldAt,
    DateTimeOffset EndsAt)
{
    /// <summary>The price asked at <paramref name="time"/> while active.</summary>
    public decimal PriceAt(DateTimeOffset time) => CutAt is { } cut && cut <= time && CutPrice is { } lower ? lower : Price;

    /// <summary>What a source returns of it at <paramref name="time"/>: active, sold (for <see cref="DemoMarket.SoldVisibleDays"/>), or nothing.</summary>
    public ObservedListing? At(DateTimeOffset time)
    {
        if (ListedAt > time)
        {
            return null;
        }
        if (SoldAt is { } sold && sold <= time)
        {
            return time - sold <= TimeSpan.FromDays(DemoMarket.SoldVisibleDays)
                ? Observe(MarketListingStatus.Sold, SalePrice ?? PriceAt(sold), sold)
                : null;
        }
        return EndsAt <= time ? null : Observe(MarketListingStatus.Active, PriceAt(time), null);
    }

    private ObservedListing Observe(MarketListingStatus status, decimal price, DateTimeOffset? soldAt) =>
        new(Platform, ExternalId, Url, Title, Format, status, price, "USD", Shipping, Quantity, soldAt, SellerText);
}

/// <summary>
/// A made-up but lifelike market for a card catalogue, the same for the same seed and time in every process: a few hundred
/// sellers over eBay, Blokpax and ShootStrayt; singles in every treatment, titled as sellers write them (misspellings
/// included); graded slabs, sealed product, bulk lots, other card games, cross-listed twins, listings put up twice, listings without
/// an address and price outliers;
/// sales at rates that grow with rarity and treatment; some prices cut while listed. Each day since a fixed epoch
/// brings its own listings, drawn from that day's seed, so reading at any time gives the same answer.
/// </summary>
public sealed class DemoMarket
{
    public const int ListingsPerDay = 150;
    public const int SoldVisibleDays = 30;
    public const int SellerCount = 300;
    private const int LongestLifeDays = 30;
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Syllables =
        ["card", "flip", "dad", "can", "do", "it", "won", "der", "slab", "king", "mint", "fox", "pack", "rip", "gem", "vault", "nerd", "hobby", "tcg", "max", "jo", "lee", "ace", "sky"];

    private static readonly (string Title, decimal Price, MarketListingFormat Format)[] SealedProducts =
    [
        ("Wonders of the First Existence Collector Booster Box Factory Sealed", 260m, MarketListingFormat.FixedPrice),
        ("Existence Play Booster Box Sealed - Wonders of the First", 110m, MarketListingFormat.FixedPrice),
        ("Wonders of the First Existence Collector Booster Case 6 Boxes Sealed", 1500m, MarketListingFormat.BestOffer),
        ("WOTF Existence Play Bundle 6 Packs New Sealed", 35m, MarketListingFormat.FixedPrice),
        ("Wonders of the First Existence Blaster Box", 25m, MarketListingFormat.FixedPrice),
        ("Existence Collector Booster Pack Sealed WOTF", 28m, MarketListingFormat.FixedPrice),
        ("Wonders of the First Play Booster Pack Existence", 5m, MarketListingFormat.FixedPrice),
        ("Existence Silver Pack sealed wonders of the first", 12m, MarketListingFormat.Auction),
        ("Wonders of the First Existence Starter Set Sealed", 20m, MarketListingFormat.FixedPrice),
        ("WOTF Existence Serialized Advantage Pack", 45m, MarketListingFormat.FixedPrice),
        ("Open Box Existence Collector Booster Box 12 packs unsearched", 220m, MarketListingFormat.BestOffer),
    ];

    private static readonly (string Title, decimal Price)[] BulkLots =
    [
        ("Wonders of the First Existence 100 Random Cards Bulk Lot", 15m),
        ("WOTF bulk lot 500 commons uncommons existence", 30m),
        ("Lot of 25 Wonders of the First Rares no duplicates", 35m),
        ("Existence 50 card lot wonders of the first", 12m),
        ("Wonders of the First mystery lot 10 foils", 25m),
    ];

    private static readonly (string Title, decimal Price)[] OtherGames =
    [
        ("Pokemon Charizard ex 199/165 SIR PSA 10", 900m),
        ("Magic The Gathering Sheoldred the Apocalypse DMU Foil NM", 70m),
        ("One Piece OP05 Monkey D. Luffy Alt Art", 120m),
        ("Disney Lorcana Elsa Spirit of Winter Enchanted", 600m),
        ("Flesh and Blood Arknight Shard Cold Foil", 40m),
        ("Yu-Gi-Oh Blue-Eyes White Dragon LOB 1st Edition", 250m),
        ("Star Wars Unlimited Darth Vader Hyperspace Foil", 18m),
    ];

    private static readonly string[] Gradings = ["PSA 10", "PSA 9", "BGS 9.5", "CGC 9.8", "SGC 10", "TAG 9.5", "TAG Slab", "Graded 9"];

    private readonly IReadOnlyList<Card> cards;
    private readonly int seed;
    private readonly Seller[] sellers;

    public DemoMarket(IReadOnlyList<Card> cards, int seed = 13)
    {
        this.cards = cards;
        this.seed = seed;
        var random = new Random(seed);
        sellers = Enumerable.Range(0, SellerCount).Select(index => MakeSeller(index, random)).ToArray();
        SellAcrossPlatforms(sellers);
    }

    /// <summary>What the market shows at <paramref name="time"/>: every active listing, and the sales of the last <see cref="SoldVisibleDays"/> days.</summary>
    public IReadOnlyList<ObservedListing> ReadAt(DateTimeOffset time)
    {
        var today = DayOf(time);
        return ListedBetween(today - LongestLifeDays - SoldVisibleDays - 1, today)
            .Select(listing => listing.At(time)).OfType<ObservedListing>().ToList();
    }

    /// <summary>Every listing put up on the days from <paramref name="firstDay"/> to <paramref name="lastDay"/> (days since the epoch).</summary>
    public IEnumerable<DemoMarketListing> ListedBetween(int firstDay, int lastDay)
    {
        if (cards.Count == 0)
        {
            yield break;
        }
        for (var day = firstDay; day <= lastDay; day++)
        {
            var random = new Random(unchecked(seed * 7919 + day * 104729));
            for (var index = 0; index < ListingsPerDay; index++)
            {
                foreach (var listing in Make(day, index, random))
                {
                    yield return listing;
                }
            }
        }
    }

    public static int DayOf(DateTimeOffset time) => (int)Math.Floor((time - Epoch).TotalDays);

    private IEnumerable<DemoMarketListing> Make(int day, int index, Random random)
    {
        var seller = sellers[random.Next(sellers.Length)];
        var listedAt = Epoch.AddDays(day).AddMinutes(random.Next(24 * 60));
        var kind = random.NextDouble();
        string title;
        decimal value;
        double dailySale;
        var format = random.NextDouble() < 0.2 ? MarketListingFormat.Auction : random.NextDouble() < 0.15 ? MarketListingFormat.BestOffer : MarketListingFormat.FixedPrice;
        var quantity = 1;
        var twin = false;
        if (kind < 0.80)
        {
            var card = cards[random.Next(cards.Count)];
            var treatment = PickTreatment(card, random);
            value = CardValue(card, treatment, day);
            dailySale = SaleRate(card.Rarity, treatment);
            title = SingleTitle(card, treatment, random);
            if (kind < 0.06)
            {
                var grading = Gradings[random.Next(Gradings.Length)];
                title = Trim($"{grading} {title}");
                value *= 3m + random.Next(4);
                dailySale *= 0.8;
            }
            else if (kind < 0.09)
            {
                // An outlier: a typo'd price, or a "do not buy" placeholder.
                value = random.NextDouble() < 0.5 ? Math.Max(0.01m, value / 50m) : value * 40m + 999m;
                dailySale = value < 1m ? 0.5 : 0.001;
                format = MarketListingFormat.FixedPrice;
            }
            twin = random.NextDouble() < 0.06;
        }
        else if (kind < 0.87)
        {
            var product = SealedProducts[random.Next(SealedProducts.Length)];
            (title, value, format) = (product.Title, product.Price, product.Format);
            quantity = 1 + random.Next(4);
            dailySale = 0.04;
        }
        else if (kind < 0.93)
        {
            var lot = BulkLots[random.Next(BulkLots.Length)];
            (title, value) = (lot.Title, lot.Price);
            dailySale = 0.015;
        }
        else
        {
            var other = OtherGames[random.Next(OtherGames.Length)];
            (title, value) = (other.Title, other.Price);
            dailySale = 0.03;
        }

        // Asking above the market sells slower; below it, faster.
        var asked = Math.Round(value * (decimal)(0.8 + random.NextDouble() * 0.5), 2);
        var askFactor = (double)(asked / Math.Max(0.01m, value));
        var rate = Math.Clamp(dailySale * Math.Pow(1.0 / askFactor, 3), 0.0005, 0.9);
        var lifeDays = format == MarketListingFormat.Auction ? 7 : LongestLifeDays;
        DateTimeOffset? soldAt = null;
        decimal? salePrice = null;
        if (format == MarketListingFormat.Auction)
        {
            asked = Math.Max(0.99m, Math.Round(value * 0.5m, 2));
            if (random.NextDouble() < Math.Min(0.95, rate * 10))
            {
                soldAt = listedAt.AddDays(lifeDays);
                salePrice = Math.Round(value * (decimal)(0.75 + random.NextDouble() * 0.5), 2);
            }
        }
        else
        {
            var saleDay = Math.Log(1 - random.NextDouble()) / Math.Log(1 - rate);
            if (saleDay < lifeDays)
            {
                soldAt = listedAt.AddHours(Math.Max(1, saleDay * 24));
            }
        }
        DateTimeOffset? cutAt = null;
        decimal? cutPrice = null;
        if (format != MarketListingFormat.Auction && random.NextDouble() < 0.25)
        {
            cutAt = listedAt.AddHours(6 + random.Next(lifeDays * 24 - 6));
            cutPrice = Math.Max(0.01m, Math.Round(asked * 0.9m, 2));
        }
        var endsAt = random.NextDouble() < 0.1 ? listedAt.AddDays(1 + random.Next(lifeDays)) : listedAt.AddDays(lifeDays);
        if (soldAt > endsAt)
        {
            soldAt = null;
            salePrice = null;
        }
        var shipping = seller.Platform == MarketPlatform.Blokpax ? (decimal?)null : random.NextDouble() < 0.5 ? 0m : 1.25m + random.Next(4);
        var number = (long)(day + 20000) * 1000 + index;
        // Some ShootStrayt listings come without an address.
        var url = seller.Platform == MarketPlatform.ShootStrayt && index % 40 == 17 ? null : Url(seller.Platform, number);
        yield return new DemoMarketListing(seller.Platform, ExternalId(seller.Platform, number), url, title, format,
            asked, cutPrice, cutAt, salePrice, seller.Text, shipping, quantity, listedAt, soldAt, endsAt);
        if (kind < 0.80 && index % 60 == 23)
        {
            // The same card put up twice by the same seller, at the same price: a duplicate that never sells.
            var repeat = number + 800;
            yield return new DemoMarketListing(seller.Platform, ExternalId(seller.Platform, repeat), Url(seller.Platform, repeat), title, format,
                asked, cutPrice, cutAt, null, seller.Text, shipping, quantity, listedAt.AddHours(2), null, endsAt);
        }
        if (twin)
        {
            // The same card cross-listed by the same person on another platform, under the name they use there.
            var other = sellers[(Array.IndexOf(sellers, seller) + 7) % sellers.Length];
            // On a platform other than that seller's own, they go by their plain name.
            var platform = other.Platform == seller.Platform ? NextPlatform(seller.Platform) : other.Platform;
            var twinNumber = number + 500;
            yield return new DemoMarketListing(platform, ExternalId(platform, twinNumber), Url(platform, twinNumber), title, MarketListingFormat.FixedPrice,
                asked, null, null, null, platform == other.Platform ? other.Text : other.Name, shipping, quantity, listedAt.AddMinutes(30), null, endsAt);
        }
    }

    private static MarketPlatform NextPlatform(MarketPlatform platform) => platform switch
    {
        MarketPlatform.Ebay => MarketPlatform.ShootStrayt,
        MarketPlatform.ShootStrayt => MarketPlatform.Blokpax,
        _ => MarketPlatform.Ebay,
    };

    private static string ExternalId(MarketPlatform platform, long number) => platform switch
    {
        MarketPlatform.Ebay => (100000000000L + number).ToString(CultureInfo.InvariantCulture),
        MarketPlatform.Blokpax => "bpx-" + number.ToString(CultureInfo.InvariantCulture),
        _ => "ss-" + number.ToString(CultureInfo.InvariantCulture),
    };

    private static string Url(MarketPlatform platform, long number) => platform switch
    {
        MarketPlatform.Ebay => $"https://www.ebay.com/itm/{100000000000L + number}",
        MarketPlatform.Blokpax => $"https://blokpax.com/wonders/listings/{number}",
        _ => $"https://shootstrayt.com/listings/{number}",
    };

    private static string PickTreatment(Card card, Random random)
    {
        var roll = random.NextDouble();
        var treatment = roll switch
        {
            < 0.48 => Treatments.ClassicPaper,
            < 0.76 => Treatments.ClassicFoil,
            < 0.88 => Treatments.FormlessFoil,
            < 0.91 => Treatments.OcmSerialized,
            < 0.93 => Treatments.Stonefoil,
            < 0.96 => Treatments.Prerelease,
            < 0.98 => Treatments.Promo,
            < 0.99 => Treatments.ProofSample,
            _ => Treatments.ErrorErrata,
        };
        var altArt = card.Rarity.Contains("Alt Art", StringComparison.Ordinal) || random.NextDouble() < 0.04;
        return altArt ? Treatments.WithAltArt(treatment) : treatment;
    }

    private static string SingleTitle(Card card, string treatment, Random random)
    {
        var number = card.Number.Split('/')[0];
        var shortTreatment = treatment.Replace("Classic ", "", StringComparison.Ordinal);
        var title = random.Next(7) switch
        {
            0 => $"Wonders of the First Existence {card.Name} {card.Number} {treatment}",
            1 => $"WOTF {card.Name} {treatment} {card.Number} NM",
            2 => $"{card.Name} - {treatment} - Wonders of the First Existence {card.Rarity}",
            3 => $"{card.Name.ToUpperInvariant()} {treatment.ToUpperInvariant()} WONDERS OF THE FIRST",
            4 => $"Wonders Of The First {card.Name} {shortTreatment} #{number}",
            5 => $"wotf existence {Misspell(card.Name, random).ToLowerInvariant()} {treatment.ToLowerInvariant()} {number}",
            _ => $"\"{card.Name}\" {treatment} Existence {card.Rarity} Wonders of the First TCG",
        };
        return Trim(title);
    }

    private static string Misspell(string name, Random random)
    {
        if (name.Length < 6)
        {
            return name;
        }
        var at = 1 + random.Next(name.Length - 2);
        return name.Remove(at, 1);
    }

    private static string Trim(string title) => title.Length > 200 ? title[..200] : title;

    private static decimal CardValue(Card card, string treatment, int day)
    {
        var rarity = card.Rarity.StartsWith("1st Edition", StringComparison.Ordinal) ? "Promo" : card.Rarity;
        var (low, high) = rarity switch
        {
            "Common" => (0.25m, 1m),
            "Uncommon" => (0.5m, 2m),
            "Rare" => (2m, 8m),
            "Epic" => (6m, 25m),
            "Mythic" => (25m, 120m),
            "Secret Mythic" => (150m, 600m),
            "Promo" => (30m, 150m),
            _ => (1m, 10m),
        };
        var hash = Stable(card.Set + card.Number + card.Rarity);
        var baseValue = low + (high - low) * (hash % 1000) / 1000m;
        var baseTreatment = treatment.Replace(Treatments.AltArtSuffix, "", StringComparison.Ordinal);
        var factor = baseTreatment switch
        {
            Treatments.ClassicFoil => 2.5m,
            Treatments.FormlessFoil => 6m,
            Treatments.OcmSerialized => 40m,
            Treatments.Stonefoil => 25m,
            Treatments.Prerelease => 3m,
            Treatments.Promo => 4m,
            Treatments.ProofSample => 30m,
            Treatments.ErrorErrata => 10m,
            _ => 1m,
        };
        if (treatment.EndsWith(Treatments.AltArtSuffix, StringComparison.Ordinal))
        {
            factor *= 3m;
        }
        // Each card's market drifts in a slow wave of its own, so some trend up and some down at any time.
        var phase = hash % 90;
        var wave = 1 + 0.25 * Math.Sin(2 * Math.PI * (day + phase) / 90.0);
        return Math.Max(0.1m, Math.Round(baseValue * factor * (decimal)wave, 2));
    }

    /// <summary>The chance a fairly priced listing sells on a given day: rare and shiny things sell faster.</summary>
    private static double SaleRate(string rarity, string treatment)
    {
        var byRarity = rarity switch
        {
            "Common" => 0.006,
            "Uncommon" => 0.01,
            "Rare" => 0.018,
            "Epic" => 0.028,
            "Mythic" => 0.045,
            "Secret Mythic" => 0.07,
            _ => 0.04,
        };
        var baseTreatment = treatment.Replace(Treatments.AltArtSuffix, "", StringComparison.Ordinal);
        var byTreatment = baseTreatment switch
        {
            Treatments.ClassicPaper => 0.7,
            Treatments.FormlessFoil => 1.5,
            Treatments.OcmSerialized => 2.5,
            Treatments.Stonefoil => 2.0,
            Treatments.ProofSample => 1.6,
            Treatments.ErrorErrata => 1.3,
            _ => 1.0,
        };
        return byRarity * byTreatment * (treatment.EndsWith(Treatments.AltArtSuffix, StringComparison.Ordinal) ? 1.3 : 1.0);
    }

    private static Seller MakeSeller(int index, Random random)
    {
        var name = Syllables[random.Next(Syllables.Length)] + Syllables[random.Next(Syllables.Length)] +
            (random.NextDouble() < 0.5 ? random.Next(10, 999).ToString(CultureInfo.InvariantCulture) : Syllables[random.Next(Syllables.Length)]);
        var platform = (index % 20) switch
        {
            < 12 => MarketPlatform.Ebay,
            < 17 => MarketPlatform.Blokpax,
            _ => MarketPlatform.ShootStrayt,
        };
        var feedback = (int)Math.Pow(10, 1 + random.NextDouble() * 4.5);
        var percent = (95 + random.Next(51) / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
        var text = platform switch
        {
            MarketPlatform.Ebay => (index % 10) switch
            {
                < 6 => $"{name}  {percent}% positive ({Short(feedback)}){(index % 3 == 0 ? "Top Rated Plus" : "")}",
                < 8 => $"{name} ({feedback.ToString(CultureInfo.InvariantCulture)}) {percent}%",
                8 => $"/usr/{name}?_trksid=p2047675.m3561.l2559",
                // A few pages put one of eBay's tracking parameters where the seller's name should be: no seller to read.
                _ => TrackingOrOlderForm(random, index, name, feedback, percent),
            },
            // A few wallets are shown shortened, as some pages do: no seller to read either.
            MarketPlatform.Blokpax => index % 2 == 0 ? Wallet(index, RandomBytes(random, 20)) : name,
            _ => name,
        };
        return new Seller(platform, text, name);
    }

    private static string TrackingOrOlderForm(Random random, int index, string name, int feedback, string percent)
    {
        var tracking = $"p{4400000 + random.Next(99999)}.m{3500 + random.Next(99)}.l{161200 + random.Next(99)}";
        return index % 100 == 9 ? tracking : $"{name} ({feedback.ToString(CultureInfo.InvariantCulture)}) {percent}%";
    }

    private static string Wallet(int index, byte[] address)
    {
        var hex = Convert.ToHexStringLower(address);
        return index % 200 == 12 ? $"0x{hex[..4]}…{hex[^4..]}" : "0x" + hex;
    }

    /// <summary>
    /// Some businesses sell on two platforms: a ShootStrayt shop under its eBay name, a Blokpax user under its eBay name
    /// one letter short. The seller merge suggestions should find them.
    /// </summary>
    private static void SellAcrossPlatforms(Seller[] sellers)
    {
        for (var index = 0; index < sellers.Length; index++)
        {
            var ebay = sellers[index - index % 20];
            sellers[index] = (index % 20) switch
            {
                17 => sellers[index] with { Text = ebay.Name, Name = ebay.Name },
                13 when ebay.Name.Length > 8 => sellers[index] with { Text = ebay.Name[..^1], Name = ebay.Name[..^1] },
                _ => sellers[index],
            };
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>eBay's short feedback count: 532, 1.2K, 12K.</summary>
    private static string Short(int count) => count switch
    {
        < 1000 => count.ToString(CultureInfo.InvariantCulture),
        < 10000 => (count / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => (count / 1000).ToString(CultureInfo.InvariantCulture) + "K",
    };

    private static uint Stable(string text)
    {
        var hash = 2166136261u;
        foreach (var character in text)
        {
            hash = (hash ^ character) * 16777619u;
        }
        return hash;
    }

    private sealed record Seller(MarketPlatform Platform, string Text, string Name);
}

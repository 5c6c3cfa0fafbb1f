using System.Globalization;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Sellers;

/// <summary>
/// One seller on one platform, as read from what the platform showed: <see cref="SellerId"/> is the lower-cased key the
/// seller is unique on, <see cref="DisplayName"/> the name as shown, <see cref="Badge"/> the seller badge eBay's feedback
/// blob showed (Top Rated Plus, Top Rated Seller), if any.
/// </summary>
public sealed record SellerIdentity(MarketPlatform Platform, string SellerId, string DisplayName, int? FeedbackScore, decimal? FeedbackPercent,
    string? Badge = null);

/// <summary>What reading one raw seller text gave: an identity, or why there is none.</summary>
public sealed record SellerIdentityRead(SellerIdentity? Identity, string? Rejection)
{
    public bool IsRead => Identity is not null;
}

/// <summary>
/// Reads the seller from the raw seller text a platform showed.
/// <list type="bullet">
/// <item>eBay: the username out of a feedback blob (<c>name  99.8% positive (1.2K)Top Rated Plus…</c>), the older
/// <c>name (5432) 99.5%</c>, a <c>/usr/name</c> link, or a bare username; with the feedback score (K and M suffixes) and
/// percentage. Tracking parameters eBay puts where a name should be (<c>p4429486.m3561.l161211</c>) are refused.</item>
/// <item>Blokpax: a wallet, <c>0x</c> and 40 hex digits, or a username.</item>
/// <item>Other platforms: the text trimmed.</item>
/// </list>
/// Every id is lower-cased. A rejection is one of the constant sentences here, so rejections can be counted by reason.
/// </summary>
public static partial class SellerIdentityRule
{
    public const int MaxLength = 64;
    public const string NoText = "No seller text.";
    public const string TrackingParameter = "An eBay tracking parameter, not a username.";
    public const string BadCharacters = "Holds characters a username cannot have.";
    public const string TooLong = "Longer than 64 characters.";
    public const string TooShort = "Shorter than 2 characters.";
    public const string ShortWallet = "Not a whole wallet address: 0x and 40 hex digits.";

    public static SellerIdentityRead Read(MarketPlatform platform, string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Rejected(NoText);
        }
        return platform switch
        {
            MarketPlatform.Ebay => ReadEbay(text),
            MarketPlatform.Blokpax => ReadBlokpax(text),
            _ => ReadPlain(platform, text),
        };
    }

    private static SellerIdentityRead ReadEbay(string text)
    {
        if (UserLink().Match(text) is { Success: true } link)
        {
            return EbayUser(Uri.UnescapeDataString(link.Groups["name"].Value), null, null);
        }
        var found = PositiveBlob().Match(text);
        if (!found.Success)
        {
            found = OlderForm().Match(text);
        }
        if (found.Success)
        {
            var percent = found.Groups["percent"];
            var badge = found.Groups["badge"];
            return EbayUser(found.Groups["name"].Value, Score(found.Groups["score"].Value), percent.Success ? Percent(percent.Value) : null,
                badge.Success ? badge.Value : null);
        }
        return EbayUser(text, null, null);
    }

    private static SellerIdentityRead EbayUser(string name, int? score, decimal? percent, string? badge = null) =>
        Tracking().IsMatch(name.Trim()) ? Rejected(TrackingParameter) : Username(MarketPlatform.Ebay, name, score, percent, EbayName(), badge);

    private static SellerIdentityRead ReadBlokpax(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!Wallet().IsMatch(text))
            {
                return Rejected(ShortWallet);
            }
            var address = text.ToLowerInvariant();
            return new SellerIdentityRead(new SellerIdentity(MarketPlatform.Blokpax, address, address, null, null), null);
        }
        return Username(MarketPlatform.Blokpax, text, null, null, BlokpaxName());
    }

    private static SellerIdentityRead ReadPlain(MarketPlatform platform, string text) =>
        text.Length > MaxLength ? Rejected(TooLong)
        : text.Any(char.IsControl) ? Rejected(BadCharacters)
        : new SellerIdentityRead(new SellerIdentity(platform, text.ToLowerInvariant(), text, null, null), null);

    private static SellerIdentityRead Username(MarketPlatform platform, string name, int? score, decimal? percent, Regex allowed, string? badge = null)
    {
        name = name.Trim();
        return name.Length > MaxLength ? Rejected(TooLong)
            : name.Length < 2 ? Rejected(TooShort)
            : !allowed.IsMatch(name) ? Rejected(BadCharacters)
            : new SellerIdentityRead(new SellerIdentity(platform, name.ToLowerInvariant(), name, score, percent, badge), null);
    }

    private static SellerIdentityRead Rejected(string reason) => new(null, reason);

    /// <summary>eBay's short feedback counts: 532, 1.2K (1,200), 12K, 1.1M.</summary>
    private static int? Score(string text)
    {
        var multiplier = text[^1] switch
        {
            'K' or 'k' => 1_000m,
            'M' or 'm' => 1_000_000m,
            _ => 1m,
        };
        var digits = multiplier == 1m ? text : text[..^1];
        if (!decimal.TryParse(digits.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var value) || value > int.MaxValue / multiplier)
        {
            return null;
        }
        var count = Math.Round(value * multiplier);
        return count <= int.MaxValue ? (int)count : null;
    }

    private static decimal? Percent(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 100m ? value : null;

    [GeneratedRegex(@"(?:^|/)usr/(?<name>[^/?#\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex UserLink();

    [GeneratedRegex(@"^(?:_trksid=)?p\d+\.m\d+(?:\.l\d+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Tracking();

    [GeneratedRegex(@"^(?<name>.+?)\s+(?<percent>\d{1,3}(?:\.\d+)?)%\s*positive\s*\((?<score>[\d.,]+[KkMm]?)\)\s*(?<badge>Top Rated (?:Plus|Seller))?", RegexOptions.IgnoreCase)]
    private static partial Regex PositiveBlob();

    [GeneratedRegex(@"^(?<name>.+?)\s*\((?<score>[\d.,]+[KkMm]?)\)(?:\s*(?<percent>\d{1,3}(?:\.\d+)?)%)?")]
    private static partial Regex OlderForm();

    [GeneratedRegex(@"^[A-Za-z0-9._*-]+$")]
    private static partial Regex EbayName();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex BlokpaxName();

    [GeneratedRegex("^0[xX][0-9a-fA-F]{40}$")]
    private static partial Regex Wallet();
}

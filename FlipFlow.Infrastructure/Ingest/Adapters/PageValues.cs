using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Ingest.Adapters;

/// <summary>
/// The readings every page adapter shares, so a price, a currency or an availability means the same whichever page it
/// came from: prices are read in the invariant culture whatever the page's separators, currencies become ISO codes,
/// schema.org and Open Graph availabilities become a <see cref="MarketListingStatus"/>.
/// </summary>
internal static partial class PageValues
{
    // The most specific forms first: "US $" and "C $" must win over a bare "$".
    private static readonly (Regex Pattern, string Code)[] CurrencyForms =
    [
        (new Regex(@"\bUS\s?\$", RegexOptions.IgnoreCase), "USD"),
        (new Regex(@"\b(?:C|CA)\s?\$", RegexOptions.IgnoreCase), "CAD"),
        (new Regex(@"\b(?:AU|A)\s?\$", RegexOptions.IgnoreCase), "AUD"),
        (new Regex(@"\bNZ\s?\$", RegexOptions.IgnoreCase), "NZD"),
        (new Regex(@"\bHK\s?\$", RegexOptions.IgnoreCase), "HKD"),
        (new Regex(@"\bS\s?\$", RegexOptions.IgnoreCase), "SGD"),
        (new Regex("£"), "GBP"),
        (new Regex("€"), "EUR"),
        (new Regex(@"\b(?<code>[A-Z]{3})\b"), ""),
        (new Regex(@"\$"), "USD"),
    ];

    /// <summary>
    /// The first amount in a price text: "24.99", "US $1,299.00", "1.299,00 €", "24,99". A lone comma followed by one or
    /// two digits is a decimal comma; otherwise the last of "," and "." is the decimal separator.
    /// </summary>
    public static decimal? Price(string? text)
    {
        var found = Amount().Match(text ?? "");
        if (!found.Success)
        {
            return null;
        }
        var digits = found.Value.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal)
            .Replace("'", "", StringComparison.Ordinal);
        var number = Normalised(digits);
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) ? price : null;
    }

    private static string Normalised(string digits)
    {
        var comma = digits.LastIndexOf(',');
        var dot = digits.LastIndexOf('.');
        if (comma >= 0 && dot >= 0)
        {
            return comma > dot
                ? digits.Replace(".", "", StringComparison.Ordinal).Replace(',', '.')
                : digits.Replace(",", "", StringComparison.Ordinal);
        }
        if (comma >= 0)
        {
            var decimalComma = digits.IndexOf(',') == comma && digits.Length - comma - 1 is 1 or 2;
            return decimalComma ? digits.Replace(',', '.') : digits.Replace(",", "", StringComparison.Ordinal);
        }
        return digits.IndexOf('.') != dot ? digits.Replace(".", "", StringComparison.Ordinal) : digits;
    }

    /// <summary>The ISO code a price text or a currency field names: "USD", "US $", "£", "C $", "EUR"; a bare "$" is USD.</summary>
    public static string? Currency(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        // A currency field may be a lower-case code; a price text is matched as shown, so words are not read as codes.
        text = text.Trim();
        if (text.Length == 3 && text.All(char.IsAsciiLetter))
        {
            return text.ToUpperInvariant();
        }
        foreach (var (pattern, code) in CurrencyForms)
        {
            var found = pattern.Match(text);
            if (found.Success)
            {
                return code.Length > 0 ? code : found.Groups["code"].Value;
            }
        }
        return null;
    }

    /// <summary>
    /// A schema.org availability (<c>https://schema.org/SoldOut</c>, <c>InStock</c>) or an Open Graph one (<c>instock</c>,
    /// <c>out of stock</c>, <c>oos</c>). Out of stock counts as sold: a collectible listing has one copy.
    /// </summary>
    public static MarketListingStatus? Availability(string? text) =>
        SchemaTerm(text)?.Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "instock" or "limitedavailability" or "preorder" or "presale" or "backorder" or "onlineonly" or "instoreonly"
                or "pending" or "availablefororder" => MarketListingStatus.Active,
            "soldout" or "outofstock" or "oos" => MarketListingStatus.Sold,
            "discontinued" => MarketListingStatus.Ended,
            _ => null,
        };

    /// <summary>A schema.org condition (<c>https://schema.org/UsedCondition</c> → "Used"), an Open Graph one ("new" → "New"), or the text as shown.</summary>
    public static string? Condition(string? text)
    {
        var term = SchemaTerm(text);
        if (term is null)
        {
            return null;
        }
        var plain = term.EndsWith("Condition", StringComparison.OrdinalIgnoreCase) && term.Length > "Condition".Length
            ? term[..^"Condition".Length]
            : term;
        return plain.ToLowerInvariant() is "new" or "used" or "refurbished" or "damaged"
            ? char.ToUpperInvariant(plain[0]) + plain[1..].ToLowerInvariant()
            : term;
    }

    /// <summary>The last part of a schema.org address (<c>http://schema.org/InStock</c> → "InStock"), or the text trimmed.</summary>
    private static string? SchemaTerm(string? text)
    {
        var trimmed = Clean(text);
        if (trimmed is null)
        {
            return null;
        }
        var schema = trimmed.IndexOf("schema.org/", StringComparison.OrdinalIgnoreCase);
        return schema >= 0 ? Clean(trimmed[(schema + "schema.org/".Length)..]) : trimmed;
    }

    /// <summary>Text with its runs of white space made one space, or null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var clean = Spaces().Replace(text, " ").Trim();
        return clean.Length > 0 ? clean : null;
    }

    /// <summary>An http(s) address read from a page, made absolute against the page's own; null for anything else (data:, javascript:).</summary>
    public static string? Absolute(Uri page, string? reference)
    {
        var text = Clean(reference);
        if (text is null || !Uri.TryCreate(page, text, out var address) || address.Scheme is not ("http" or "https"))
        {
            return null;
        }
        return address.AbsoluteUri;
    }

    /// <summary>Image addresses made absolute, in page order, each once.</summary>
    public static List<string> Images(Uri page, IEnumerable<string?> references) =>
        [.. references.Select(reference => Absolute(page, reference)).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The content of the first <c>meta</c> tag with one of these property or name keys, in key order.</summary>
    public static string? Meta(IDocument page, params string[] keys) => keys.Select(key => Metas(page, key).FirstOrDefault()).FirstOrDefault(value => value is not null);

    /// <summary>The content of every <c>meta</c> tag with this property or name key, in page order.</summary>
    public static IEnumerable<string> Metas(IDocument page, string key) =>
        page.QuerySelectorAll("meta[content]")
            .Where(meta => string.Equals(meta.GetAttribute("property") ?? meta.GetAttribute("name"), key, StringComparison.OrdinalIgnoreCase))
            .Select(meta => Clean(meta.GetAttribute("content")))
            .OfType<string>();

    /// <summary>The address relative links on a page resolve against: its <c>base</c> element, else the address it came from.</summary>
    public static Uri BaseOf(IDocument page, Uri address) =>
        Absolute(address, page.QuerySelector("base[href]")?.GetAttribute("href")) is { } href ? new Uri(href) : address;

    /// <summary>The value of a microdata property: <c>content</c> first, then an address for links and images, else the text.</summary>
    public static string? ItemValue(IElement element) =>
        Clean(element.GetAttribute("content"))
        ?? element.LocalName switch
        {
            "a" or "link" => Clean(element.GetAttribute("href")),
            "img" => Clean(element.GetAttribute("src")),
            "meta" => null,
            _ => Clean(element.TextContent),
        };

    /// <summary>Whether a body is JSON by its media type: <c>application/json</c>, <c>application/ld+json</c> or another <c>+json</c>.</summary>
    public static bool IsJson(string? mediaType)
    {
        var type = mediaType?.Split(';')[0].Trim().ToLowerInvariant();
        return type is "application/json" || type?.EndsWith("+json", StringComparison.Ordinal) == true;
    }

    // Thousands grouped by spaces or apostrophes ("1 299,00", "1'299.00"), else digits with separators.
    [GeneratedRegex(@"\d{1,3}(?:[ \u00a0']\d{3})+(?:[.,]\d+)?|\d(?:[\d.,]*\d)?")]
    private static partial Regex Amount();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

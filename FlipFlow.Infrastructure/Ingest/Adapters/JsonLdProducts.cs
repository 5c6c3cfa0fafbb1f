using System.Net;
using System.Text.Json;
using AngleSharp.Dom;

namespace FlipFlow.Infrastructure.Ingest.Adapters;

/// <summary>
/// Reads schema.org <c>Product</c>s out of JSON-LD, in the shapes shops really publish: top level, in an array, in an
/// <c>@graph</c> or a page's <c>mainEntity</c>; <c>@type</c> as text or array; offers as one <c>Offer</c>, an array or an
/// <c>AggregateOffer</c>; prices as numbers or text. A block that is not valid JSON is skipped, never thrown: one
/// broken script on a page must not hide the page's other data.
/// </summary>
internal static class JsonLdProducts
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly string[] ProductTypes = ["Product", "IndividualProduct", "SomeProducts"];
    private const int MaxNesting = 8;

    /// <summary>The best product in the page's <c>application/ld+json</c> scripts, or null when none has a title or price.</summary>
    public static ListingDraft? FromPage(IDocument page, Uri baseAddress) =>
        Best(page.QuerySelectorAll("script[type]")
            .Where(script => script.GetAttribute("type")?.Split(';')[0].Trim().Equals("application/ld+json", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(script => FromJson(script.TextContent, baseAddress)));

    /// <summary>The best product in a JSON body, or null when none has a title or price.</summary>
    public static ListingDraft? FromBody(string json, Uri baseAddress) => Best(FromJson(json, baseAddress));

    /// <summary>Whether a body is valid JSON at all, to tell a broken body from one without a product.</summary>
    public static bool IsValid(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json, Lenient);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // A page may describe related products too; the one with both a title and a price is the listing.
    private static ListingDraft? Best(IEnumerable<ListingDraft> drafts)
    {
        var all = drafts.ToList();
        return all.FirstOrDefault(draft => draft.Title is not null && draft.Price is not null) ?? all.FirstOrDefault(draft => !draft.IsEmpty);
    }

    private static List<ListingDraft> FromJson(string json, Uri baseAddress)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Lenient);
            return [.. Products(document.RootElement, 0).Select(product => Read(product, baseAddress))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static IEnumerable<JsonElement> Products(JsonElement node, int depth)
    {
        if (depth > MaxNesting)
        {
            return [];
        }
        return node.ValueKind switch
        {
            JsonValueKind.Array => node.EnumerateArray().SelectMany(item => Products(item, depth + 1)),
            JsonValueKind.Object when IsProduct(node) => [node],
            JsonValueKind.Object => new[] { "@graph", "mainEntity" }
                .Select(key => Property(node, key)).OfType<JsonElement>()
                .SelectMany(child => Products(child, depth + 1)),
            _ => [],
        };
    }

    // "Product", "schema:Product" and "http://schema.org/Product" are one type.
    private static bool IsProduct(JsonElement node) =>
        Property(node, "@type") is { } type
        && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().ToArray() : [type])
            .Select(item => Text(item)).OfType<string>()
            .Any(name => ProductTypes.Contains(name[(name.LastIndexOfAny(['/', ':', '#']) + 1)..], StringComparer.OrdinalIgnoreCase));

    private static ListingDraft Read(JsonElement product, Uri baseAddress)
    {
        var offer = ChosenOffer(product);
        return new ListingDraft
        {
            ItemId = Text(Property(product, "productID")) ?? Text(Property(product, "mpn")),
            Title = Decoded(Text(Property(product, "name"))),
            Price = offer is { } priced ? OfferPrice(priced) : null,
            Currency = PageValues.Currency(OfferField(offer, "priceCurrency")),
            Condition = PageValues.Condition(Text(Property(offer, "itemCondition")) ?? Text(Property(product, "itemCondition"))),
            SellerText = Decoded(Name(Property(offer, "seller"))),
            Images = PageValues.Images(baseAddress, ImageAddresses(Property(product, "image"))),
            Status = PageValues.Availability(Text(Property(offer, "availability")) ?? Text(Property(product, "availability"))),
            Sku = Text(Property(product, "sku")) ?? Text(Property(offer, "sku")),
            CanonicalUrl = PageValues.Absolute(baseAddress, Text(Property(product, "url")) ?? Text(Property(offer, "url"))),
        };
    }

    /// <summary>The first offer with a price, looking into an aggregate's own offers; else the first offer at all.</summary>
    private static JsonElement? ChosenOffer(JsonElement product)
    {
        var offers = Offers(Property(product, "offers"), 0).ToList();
        return offers.Cast<JsonElement?>().FirstOrDefault(offer => OfferPrice(offer!.Value) is not null) ?? offers.Cast<JsonElement?>().FirstOrDefault();
    }

    private static IEnumerable<JsonElement> Offers(JsonElement? offers, int depth) =>
        depth > 2 || offers is not { } node ? []
        : node.ValueKind == JsonValueKind.Array ? node.EnumerateArray().SelectMany(item => Offers(item, depth + 1))
        : node.ValueKind == JsonValueKind.Object ? [node, .. Offers(Property(node, "offers"), depth + 1)]
        : [];

    // An AggregateOffer's lowPrice is what the listing starts at; an Offer may put its price in a priceSpecification.
    private static decimal? OfferPrice(JsonElement offer) =>
        Number(Property(offer, "lowPrice")) ?? Number(Property(offer, "price")) ?? Number(Property(Specification(offer), "price"));

    private static string? OfferField(JsonElement? offer, string name) =>
        Text(Property(offer, name)) ?? Text(Property(offer is { } found ? Specification(found) : null, name));

    private static JsonElement? Specification(JsonElement offer) =>
        Property(offer, "priceSpecification") is { } specification && specification.ValueKind == JsonValueKind.Array
            ? specification.EnumerateArray().Cast<JsonElement?>().FirstOrDefault()
            : Property(offer, "priceSpecification");

    private static IEnumerable<string?> ImageAddresses(JsonElement? image) => image switch
    {
        { ValueKind: JsonValueKind.String } text => [text.GetString()],
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().SelectMany(item => ImageAddresses(item)),
        { ValueKind: JsonValueKind.Object } imageObject => [Text(Property(imageObject, "url")) ?? Text(Property(imageObject, "contentUrl"))],
        _ => [],
    };

    private static string? Name(JsonElement? party) => party switch
    {
        { ValueKind: JsonValueKind.Object } found => Text(Property(found, "name")),
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Select(item => Name(item)).FirstOrDefault(name => name is not null),
        _ => Text(party),
    };

    private static JsonElement? Property(JsonElement? node, string name) =>
        node is { ValueKind: JsonValueKind.Object } found && found.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>A value as text: a string, a number as written, an <c>@value</c> or <c>@id</c> object, or an array's first.</summary>
    private static string? Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } text => PageValues.Clean(text.GetString()),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        { ValueKind: JsonValueKind.Object } found => Text(Property(found, "@value")) ?? Text(Property(found, "@id")),
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Select(item => Text(item)).FirstOrDefault(text => text is not null),
        _ => null,
    };

    private static decimal? Number(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetDecimal(out var amount) => amount,
        { ValueKind: JsonValueKind.String } text => PageValues.Price(text.GetString()),
        _ => null,
    };

    // Shops often put entities in JSON-LD text ("Dragon&#039;s Gold").
    private static string? Decoded(string? text) => text is null ? null : PageValues.Clean(WebUtility.HtmlDecode(text));
}

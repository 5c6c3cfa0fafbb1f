using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Ingest.Adapters;

/// <summary>
/// Reads a product page of any web shop from the structured data shops publish for search engines and link previews:
/// schema.org <c>Product</c> in JSON-LD first (the most exact), then Open Graph, then microdata; each later source only
/// fills what an earlier one left empty. The seller is the shop: the offer's seller, else the site's name, else its host.
/// Open Graph counts only on a product page (<c>og:type</c> product or a price), so an article's preview is not a listing.
/// </summary>
public sealed class ShopPageAdapter : IListingPageAdapter
{
    public const string NoProduct = "No listing found on the page: it has no schema.org Product, Open Graph or microdata with a title and price.";
    public const string NoJsonProduct = "No listing found in the JSON body: it has no schema.org Product with a title and price.";
    public const string BrokenJson = "The JSON body is not valid JSON.";

    public string Name => "shop";

    public int Version => 1;

    public bool Handles(Uri address) => address is { IsAbsoluteUri: true, Scheme: "http" or "https" };

    public PageRead Read(Uri address, string body, string? mediaType) =>
        PageValues.IsJson(mediaType) ? ReadJson(address, body) : ReadHtml(address, body);

    private static PageRead ReadJson(Uri address, string body)
    {
        if (!JsonLdProducts.IsValid(body))
        {
            return PageRead.Failed(BrokenJson);
        }
        return JsonLdProducts.FromBody(body, address) is { } product
            ? Listing(product, address, siteName: null)
            : PageRead.Failed(NoJsonProduct);
    }

    private static PageRead ReadHtml(Uri address, string body)
    {
        var page = new HtmlParser().ParseDocument(body);
        var baseAddress = PageValues.BaseOf(page, address);
        var draft = new ListingDraft()
            .FillFrom(JsonLdProducts.FromPage(page, baseAddress))
            .FillFrom(OpenGraph(page, baseAddress))
            .FillFrom(Microdata(page, baseAddress));
        if (draft.IsEmpty)
        {
            return PageRead.Failed(NoProduct);
        }
        draft.CanonicalUrl ??= PageValues.Absolute(baseAddress, page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        return Listing(draft, address, PageValues.Meta(page, "og:site_name"));
    }

    private static PageRead Listing(ListingDraft draft, Uri address, string? siteName)
    {
        draft.ItemId ??= draft.Sku;
        draft.SellerText ??= siteName ?? ShopHost(address);
        draft.CanonicalUrl ??= new UriBuilder(address) { Fragment = "" }.Uri.AbsoluteUri;
        return PageRead.Read(draft.ToListing(MarketPlatform.Shop));
    }

    private static string ShopHost(Uri address) =>
        address.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? address.Host[4..] : address.Host;

    /// <summary>Open Graph's product tags (and Facebook's older <c>og:price</c> ones); null on a page that is not a product.</summary>
    private static ListingDraft? OpenGraph(IDocument page, Uri baseAddress)
    {
        var price = PageValues.Meta(page, "product:price:amount", "og:price:amount");
        var isProduct = PageValues.Meta(page, "og:type")?.StartsWith("product", StringComparison.OrdinalIgnoreCase) == true;
        if (price is null && !isProduct)
        {
            return null;
        }
        return new ListingDraft
        {
            Title = PageValues.Meta(page, "og:title"),
            Price = PageValues.Price(price),
            Currency = PageValues.Currency(PageValues.Meta(page, "product:price:currency", "og:price:currency")),
            Condition = PageValues.Condition(PageValues.Meta(page, "product:condition", "og:condition")),
            Images = PageValues.Images(baseAddress, PageValues.Metas(page, "og:image")),
            Status = PageValues.Availability(PageValues.Meta(page, "product:availability", "og:availability")),
            Sku = PageValues.Meta(page, "product:retailer_item_id"),
            CanonicalUrl = PageValues.Absolute(baseAddress, PageValues.Meta(page, "og:url")),
        };
    }

    /// <summary>The first microdata <c>Product</c> on the page: its own properties and its offer's, never a review's or a brand's.</summary>
    private static ListingDraft? Microdata(IDocument page, Uri baseAddress)
    {
        var product = page.QuerySelectorAll("[itemscope][itemtype]").FirstOrDefault(scope => IsType(scope, "Product"));
        if (product is null)
        {
            return null;
        }
        var properties = OwnProperties(product);
        string? Value(string name) => properties.Where(property => HasName(property, name)).Select(PageValues.ItemValue).FirstOrDefault(value => value is not null);
        return new ListingDraft
        {
            ItemId = Value("productID") ?? Value("mpn"),
            Title = Value("name"),
            Price = PageValues.Price(Value("lowPrice") ?? Value("price")),
            Currency = PageValues.Currency(Value("priceCurrency")),
            Condition = PageValues.Condition(Value("itemCondition")),
            Images = PageValues.Images(baseAddress, properties.Where(property => HasName(property, "image")).Select(PageValues.ItemValue)),
            Status = PageValues.Availability(Value("availability")),
            Sku = Value("sku"),
            CanonicalUrl = PageValues.Absolute(baseAddress, Value("url")),
        };
    }

    /// <summary>The product's properties and those of the offers it holds, in page order.</summary>
    private static List<IElement> OwnProperties(IElement product) =>
        [.. product.QuerySelectorAll("[itemprop]").Where(property => Owner(property) is { } owner
            && (owner == product || (HasName(owner, "offers") && Owner(owner) == product)))];

    /// <summary>The item a property belongs to: the nearest enclosing element with <c>itemscope</c>, not counting its own.</summary>
    private static IElement? Owner(IElement property)
    {
        for (var parent = property.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            if (parent.HasAttribute("itemscope"))
            {
                return parent;
            }
        }
        return null;
    }

    private static bool HasName(IElement element, string name) =>
        (element.GetAttribute("itemprop") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name, StringComparer.Ordinal);

    private static bool IsType(IElement scope, string type) =>
        (scope.GetAttribute("itemtype") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(itemType => itemType.TrimEnd('/').EndsWith("schema.org/" + type, StringComparison.OrdinalIgnoreCase));
}

using System.Globalization;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Ingest.Adapters;

namespace FlipFlow.Tests.Ingest;

public sealed class ListingPageAdapterTests
{
    private const string AeriusOnEbay =
        "https://www.ebay.com/itm/wonders-of-the-first-existence-aerius-of-thalwind-formless-foil-psa-10/356112487203?_skw=aerius&hash=item52e1d3f0a3";

    private const string DragonetOnEbay = "https://www.ebay.co.uk/itm/287455019836";

    [Theory]
    // page, address → adapter, id, title, price, currency, condition, seller, images, first image, status, canonical
    // eBay's markup wins over its JSON-LD (Graded, not Used); the looped carousel's repeated slide counts once.
    [InlineData("ebay-item.html", AeriusOnEbay, "ebay-item", "356112487203", "Wonders of the First Existence Aerius of Thalwind Formless Foil PSA 10",
        "149.99", "USD", "Graded", "thalwind_vault (2,318) 99.6% positive", 3, "https://i.ebayimg.com/images/g/q7AAAeSwKdNo3xYz/s-l1600.jpg",
        MarketListingStatus.Active, "https://www.ebay.com/itm/356112487203")]
    // A sold banner; the price as shown in pounds; the condition from JSON-LD; the seller only as a /usr/ link; protocol-relative images.
    [InlineData("ebay-item-sold.html", DragonetOnEbay, "ebay-item", "287455019836", "Wonders of the First Existence Bloodeye Dragonet Classic Foil 233/401 NM",
        "18.50", "GBP", "Used", "/usr/emberwick_tcg", 2, "https://i.ebayimg.com/images/g/Xw0AAeSwc2Vo9Kp1/s-l1600.jpg",
        MarketListingStatus.Sold, "https://www.ebay.co.uk/itm/287455019836")]
    // JSON-LD wins over the page's stale Open Graph price and title; its relative images resolve against the page.
    [InlineData("shop-jsonld.html", "https://www.orbitalvault.example/products/aerius-of-thalwind-classic-foil?variant=44102239951", "shop", "8837201554",
        "Aerius of Thalwind - Classic Foil (002/401) - Existence", "24.99", "USD", "New", "Orbital Vault Games", 2,
        "https://www.orbitalvault.example/cdn/shop/files/aerius-classic-foil-front.jpg?v=1761&width=1920",
        MarketListingStatus.Active, "https://www.orbitalvault.example/products/aerius-of-thalwind-classic-foil")]
    // A Product in a second @graph, typed as an array, an AggregateOffer's lowPrice as a number, an ImageObject, the mpn as id,
    // an entity in the name, and the site's name as seller.
    [InlineData("shop-jsonld-graph.html", "https://www.kartenkiste.example/produkt/dragons-gold-stonefoil/", "shop", "EX-248-SF",
        "Dragon's Gold Stonefoil – Existence 248/401", "89.5", "EUR", "Used", "Kartenkiste", 1,
        "https://www.kartenkiste.example/wp-content/uploads/2026/10/dragons-gold-stonefoil.jpg",
        MarketListingStatus.Sold, "https://www.kartenkiste.example/produkt/dragons-gold-stonefoil/")]
    // Open Graph alone: a grouped price, the retailer id as id, repeated images once, and the host as seller.
    [InlineData("shop-opengraph.html", "https://shop.cardcase.example/p/existence-booster-case?utm_source=newsletter", "shop", "EXI-CASE-6",
        "Wonders of the First Existence Booster Case (6 Boxes) - Factory Sealed", "1299.00", "USD", "New", "shop.cardcase.example", 2,
        "https://shop.cardcase.example/media/catalog/existence-case-front.webp",
        MarketListingStatus.Active, "https://shop.cardcase.example/p/existence-booster-case")]
    // Microdata: the offer's price and availability, not the brand's or a review's name; the sku as id; no canonical address but its own.
    [InlineData("shop-microdata.html", "https://www.grumpinsgoods.example/catalog/product_info.php?products_id=5521", "shop", "EX192-CP-NM",
        "Richard Grumpin - Rare - Classic Paper - Existence 192/401", "3.75", "USD", "New", "grumpinsgoods.example", 1,
        "https://www.grumpinsgoods.example/catalog/images/cards/ex-192-richard-grumpin.jpg",
        MarketListingStatus.Sold, "https://www.grumpinsgoods.example/catalog/product_info.php?products_id=5521")]
    public void A_saved_page_gives_every_field_it_shows(string page, string address, string adapter, string id, string title, string price,
        string currency, string condition, string seller, int images, string firstImage, MarketListingStatus status, string canonical)
    {
        var (used, read) = ReadSaved(page, address);

        Assert.Equal(adapter, used.Name);
        Assert.Null(read.Failure);
        var listing = Assert.IsType<PageListing>(read.Listing);
        Assert.Equal(id, listing.ItemId);
        Assert.Equal(title, listing.Title);
        Assert.Equal(decimal.Parse(price, CultureInfo.InvariantCulture), listing.Price);
        Assert.Equal(currency, listing.Currency);
        Assert.Equal(condition, listing.Condition);
        Assert.Equal(seller, listing.SellerText);
        Assert.Equal(images, listing.Images.Count);
        Assert.Equal(firstImage, listing.Images[0]);
        Assert.Equal(status, listing.Status);
        Assert.Equal(canonical, listing.CanonicalUrl);
        Assert.Equal(1.0, listing.Quality);
    }

    [Theory]
    [InlineData("ebay-item.html", AeriusOnEbay, "thalwind_vault", 2318, "99.6")]
    [InlineData("ebay-item-sold.html", DragonetOnEbay, "emberwick_tcg", null, null)]
    public void The_seller_text_of_an_eBay_page_reads_to_the_sellers_username(string page, string address, string username, int? score, string? percent)
    {
        var listing = ReadSaved(page, address).Read.Listing!;

        var seller = SellerIdentityRule.Read(MarketPlatform.Ebay, listing.SellerText).Identity;

        Assert.NotNull(seller);
        Assert.Equal(username, seller.SellerId);
        Assert.Equal(score, seller.FeedbackScore);
        Assert.Equal(percent is null ? null : decimal.Parse(percent, CultureInfo.InvariantCulture), seller.FeedbackPercent);
    }

    [Theory]
    [InlineData("US $24.99", "24.99", "USD")]
    [InlineData("£1,299.00", "1299.00", "GBP")]
    [InlineData("C $35.00", "35.00", "CAD")]
    [InlineData("AU $42.50", "42.50", "AUD")]
    [InlineData("EUR 19,95", "19.95", "EUR")]
    [InlineData("EUR 1.299,00", "1299.00", "EUR")]
    [InlineData("$10.00", "10.00", "USD")]
    public void An_eBay_price_is_read_in_each_form_eBay_shows_it(string shown, string price, string currency)
    {
        var body = $"""<h1 class="x-item-title__mainTitle"><span>Dragon Eggs Formless Foil</span></h1><div class="x-price-primary"><span class="ux-textspans">{shown}</span></div>""";

        var listing = new EbayItemPageAdapter().Read(new Uri("https://www.ebay.com/itm/123456789012"), body, "text/html").Listing!;

        Assert.Equal(decimal.Parse(price, CultureInfo.InvariantCulture), listing.Price);
        Assert.Equal(currency, listing.Currency);
    }

    [Theory]
    [InlineData("https://schema.org/InStock", MarketListingStatus.Active)]
    [InlineData("https://schema.org/SoldOut", MarketListingStatus.Sold)]
    [InlineData("https://schema.org/OutOfStock", MarketListingStatus.Sold)]
    [InlineData("https://schema.org/Discontinued", MarketListingStatus.Ended)]
    public void An_eBay_page_without_a_banner_takes_its_status_from_JSON_LD(string availability, MarketListingStatus status)
    {
        var body = $$$"""
            <h1 class="x-item-title__mainTitle"><span>Dragon Eggs Formless Foil</span></h1>
            <script type="application/ld+json">{"@type":"Product","offers":{"price":"12.00","priceCurrency":"USD","availability":"{{{availability}}}"}}</script>
            """;

        var listing = new EbayItemPageAdapter().Read(new Uri("https://www.ebay.com/itm/123456789012"), body, "text/html").Listing!;

        Assert.Equal(status, listing.Status);
        Assert.Equal(12.00m, listing.Price);
    }

    [Theory]
    [InlineData("This listing was ended by the seller on Mon, 3 Nov at 10:15 because the item is no longer available.", MarketListingStatus.Ended)]
    [InlineData("Bidding has ended on this item.", MarketListingStatus.Ended)]
    [InlineData("This listing sold on Sat, 1 Nov at 19:40.", MarketListingStatus.Sold)]
    public void An_eBay_status_banner_says_whether_the_listing_sold_or_ended(string banner, MarketListingStatus status)
    {
        var body = $"""
            <div class="d-statusmessage"><div class="ux-message"><span class="ux-textspans">{banner}</span></div></div>
            <h1 class="x-item-title__mainTitle"><span>Dragon Eggs Formless Foil</span></h1>
            <div class="x-price-primary"><span class="ux-textspans">US $31.50</span></div>
            """;

        var listing = new EbayItemPageAdapter().Read(new Uri("https://www.ebay.com/itm/123456789012"), body, "text/html").Listing!;

        Assert.Equal(status, listing.Status);
    }

    [Fact]
    public void An_eBay_robot_check_instead_of_the_item_fails_with_a_reason()
    {
        const string body = "<html><head><title>Pardon Our Interruption...</title></head><body><p>Please verify yourself to continue.</p></body></html>";

        var read = new EbayItemPageAdapter().Read(new Uri("https://www.ebay.com/itm/123456789012"), body, "text/html");

        Assert.Null(read.Listing);
        Assert.Equal(EbayItemPageAdapter.NoItem, read.Failure);
    }

    [Fact]
    public void Broken_JSON_LD_is_skipped_and_Open_Graph_is_used()
    {
        const string body = """
            <head>
            <script type="application/ld+json">{ "@type": "Product", "name": "Dragon Eggs", "offers": { "price": "99.00", </script>
            <meta property="og:type" content="product">
            <meta property="og:title" content="Dragon Eggs - Epic - Formless Foil">
            <meta property="product:price:amount" content="14.00">
            <meta property="product:price:currency" content="USD">
            </head>
            """;

        var read = new ShopPageAdapter().Read(new Uri("https://cards.example/dragon-eggs"), body, "text/html");

        Assert.Null(read.Failure);
        Assert.Equal("Dragon Eggs - Epic - Formless Foil", read.Listing!.Title);
        Assert.Equal(14.00m, read.Listing.Price);
    }

    [Fact]
    public void An_offers_array_gives_its_first_priced_offer()
    {
        const string body = """
            <script type="application/ld+json">
            {"@context":"https://schema.org","@type":"Product","name":"Dragon Eggs - Epic - Classic Foil",
             "offers":[{"@type":"Offer","availability":"https://schema.org/PreOrder"},
                       {"@type":"Offer","price":"12.00","priceCurrency":"USD","availability":"https://schema.org/InStock"},
                       {"@type":"Offer","price":"15.00","priceCurrency":"USD"}]}
            </script>
            """;

        var listing = new ShopPageAdapter().Read(new Uri("https://cards.example/dragon-eggs"), body, "text/html").Listing!;

        Assert.Equal(12.00m, listing.Price);
        Assert.Equal("USD", listing.Currency);
    }

    [Fact]
    public void A_JSON_LD_page_gives_its_offer_price_as_text()
    {
        var listing = ReadSaved("shop-jsonld.html", "https://www.orbitalvault.example/products/aerius-of-thalwind-classic-foil").Read.Listing!;

        // The page's Open Graph says 26.00 and its markup "$24.99 USD"; the offer's "24.99" is the price.
        Assert.Equal(24.99m, listing.Price);
        Assert.Equal("WOTF-EX-002-CF", listing.Sku);
    }

    [Fact]
    public void A_JSON_LD_body_is_read_as_JSON_LD()
    {
        const string body = """{"@context":"https://schema.org","@type":"Product","name":"Aether Valkyr token","sku":"T-032","offers":{"@type":"Offer","price":2,"priceCurrency":"usd"}}""";

        var read = new ShopPageAdapter().Read(new Uri("https://api.cards.example/products/t-032#top"), body, "application/ld+json; charset=utf-8");

        Assert.Null(read.Failure);
        Assert.Equal("Aether Valkyr token", read.Listing!.Title);
        Assert.Equal(2m, read.Listing.Price);
        Assert.Equal("USD", read.Listing.Currency);
        Assert.Equal("T-032", read.Listing.ItemId);
        Assert.Equal("https://api.cards.example/products/t-032", read.Listing.CanonicalUrl);
    }

    [Fact]
    public void A_broken_JSON_body_fails_with_a_reason()
    {
        var read = new ShopPageAdapter().Read(new Uri("https://api.cards.example/products/t-032"), """{"@type":"Product",""", "application/json");

        Assert.Null(read.Listing);
        Assert.Equal(ShopPageAdapter.BrokenJson, read.Failure);
    }

    [Fact]
    public void An_ordinary_page_with_no_product_fails_with_a_reason()
    {
        var read = ReadSaved("shop-nothing.html", "https://blog.orbitalbinder.example/how-we-store-graded-slabs/").Read;

        Assert.Null(read.Listing);
        Assert.Equal(ShopPageAdapter.NoProduct, read.Failure);
    }

    [Fact]
    public void A_product_page_without_a_price_fails_for_want_of_a_price()
    {
        const string body = """<meta property="og:type" content="product"><meta property="og:title" content="Dragon Eggs - Epic - Formless Foil">""";

        var read = new ShopPageAdapter().Read(new Uri("https://cards.example/dragon-eggs"), body, "text/html");

        Assert.Equal("Dragon Eggs - Epic - Formless Foil", read.Listing?.Title);
        Assert.Equal("The page gives no price.", read.Failure);
    }

    [Theory]
    [InlineData("https://www.ebay.com/itm/123456789012", "ebay-item")]
    [InlineData("https://www.ebay.co.uk/itm/some-slug/123456789012", "ebay-item")]
    [InlineData("https://ebay.de/itm/123456789012?var=0", "ebay-item")]
    [InlineData("https://m.ebay.com/itm/123456789012", "ebay-item")]
    [InlineData("http://www.ebay.com.au/itm/123456789012/", "ebay-item")]
    [InlineData("https://www.ebay.com/sch/i.html?_nkw=aerius+of+thalwind", "shop")]
    [InlineData("https://www.ebay.com/str/thalwindvault", "shop")]
    [InlineData("https://www.ebay.com/itm/not-a-number", "shop")]
    [InlineData("https://www.notebay.com/itm/123456789012", "shop")]
    [InlineData("https://ebay.com.cards.example/itm/123456789012", "shop")]
    [InlineData("https://www.orbitalvault.example/products/aerius-of-thalwind-classic-foil", "shop")]
    public void For_picks_the_eBay_adapter_for_item_pages_and_the_shop_adapter_for_the_rest(string address, string adapter) =>
        Assert.Equal(adapter, ListingPageAdapters.Default.For(new Uri(address)).Name);

    [Theory]
    [InlineData("ftp://files.cards.example/list.html")]
    [InlineData("mailto:shop@cards.example")]
    public void For_refuses_an_address_no_adapter_reads(string address) =>
        Assert.Throws<ArgumentException>(() => ListingPageAdapters.Default.For(new Uri(address)));

    private static (IListingPageAdapter Adapter, PageRead Read) ReadSaved(string page, string address)
    {
        var uri = new Uri(address);
        var adapter = ListingPageAdapters.Default.For(uri);
        var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingest", "Pages", page));
        return (adapter, adapter.Read(uri, body, "text/html; charset=utf-8"));
    }
}

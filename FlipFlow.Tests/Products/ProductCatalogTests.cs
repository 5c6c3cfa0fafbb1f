using System.Text;
using FlipFlow.Domain.Products;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Products;

/// <summary><see cref="ProductCatalog"/> on a real database: what it refuses, and that a value at its limit is kept whole.</summary>
[Trait("Category", "Integration")]
public sealed class ProductCatalogTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private IHost host = default!;

    private ProductCatalog Catalog => host.Services.GetRequiredService<ProductCatalog>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private static ProductInput Input(string sku = "CARD-1", string title = "Great Core of Alderok, near mint", string description = "",
        decimal price = 12.50m, string currency = "USD", int quantity = 2, IReadOnlyList<string>? images = null,
        IReadOnlyDictionary<string, string>? specifics = null) =>
        new(sku, title, description, ItemCondition.New, price, currency, quantity, images ?? [], specifics ?? new Dictionary<string, string>());

    private async Task<string> RefusedAsync(ProductInput input, string field)
    {
        var refused = await Assert.ThrowsAsync<ProductValidationException>(() => Catalog.CreateAsync(input));
        Assert.Equal(0, (await Catalog.ListAsync(null, ProductSort.Newest, 0, 10)).Total);
        return Assert.Contains(field, refused.Errors);
    }

    /// <summary>A description of exactly <paramref name="length"/> characters, with lines, accents, an emoji and a joiner in it.</summary>
    public static string Description(int length)
    {
        var text = new StringBuilder();
        const string Line = "Near mint card, café sleeve, 👨‍👩‍👧 family set\n";
        while (text.Length < length)
        {
            text.Append(Line);
        }
        text.Length = length;
        if (length == 0)
        {
            return "";
        }
        // A cut through the middle of an emoji would leave half a surrogate pair, which is refused: end on letters.
        text[^1] = 'x';
        if (length > 1 && char.IsHighSurrogate(text[^2]))
        {
            text[^2] = 'y';
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_description_at_its_maximum_is_saved_and_read_back_whole()
    {
        var description = Description(ProductLimits.Description);

        var created = await Catalog.CreateAsync(Input(description: description));

        var stored = await Catalog.FindAsync(created.Id);
        Assert.Equal(ProductLimits.Description, stored!.Description.Length);
        Assert.Equal(description, stored.Description);
    }

    [Theory]
    [InlineData(ProductLimits.Sku + 1, 1, 1, "Sku", "The SKU has 51 characters; at most 50")]
    [InlineData(1, ProductLimits.Title + 1, 1, "Title", "The title has 141 characters; at most 140")]
    [InlineData(1, 1, ProductLimits.Description + 1, "Description", "The description has 500,001 characters; at most 500,000")]
    public async Task A_field_one_over_its_maximum_is_refused_and_nothing_is_saved(int skuLength, int titleLength, int descriptionLength, string field,
        string message)
    {
        var input = Input(sku: new string('S', skuLength), title: new string('T', titleLength), description: Description(descriptionLength));

        Assert.Contains(message, await RefusedAsync(input, field));
    }

    [Theory]
    [InlineData("CARD\u200B-1", "Sku", "U+200B ZERO WIDTH SPACE at position 5")]
    [InlineData("CARD\u202E-1", "Sku", "U+202E RIGHT-TO-LEFT OVERRIDE at position 5")]
    [InlineData("\uFEFFCARD-1", "Sku", "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at position 1")]
    public async Task A_SKU_with_an_invisible_or_direction_changing_character_is_refused_naming_it(string sku, string field, string message)
    {
        Assert.Contains(message, await RefusedAsync(Input(sku: sku), field));
    }

    [Fact]
    public async Task Text_that_would_show_reversed_is_refused_in_titles_descriptions_and_item_specifics()
    {
        Assert.Contains("U+202E RIGHT-TO-LEFT OVERRIDE at position 6", await RefusedAsync(Input(title: "Nice \u202Egnp.exe"), "Title"));
        Assert.Contains("U+2066 LEFT-TO-RIGHT ISOLATE", await RefusedAsync(Input(description: "Fine\n\u2066text"), "Description"));
        Assert.Contains("U+202D", await RefusedAsync(Input(specifics: new Dictionary<string, string> { ["Game"] = "\u202DWonders" }), "ItemSpecifics"));
    }

    [Fact]
    public async Task A_SKU_is_kept_in_NFC_so_a_decomposed_look_alike_is_the_same_SKU()
    {
        var composed = await Catalog.CreateAsync(Input(sku: "CAF\u00C9-1"));
        Assert.Equal("CAF\u00C9-1", composed.Sku);

        var refused = await Assert.ThrowsAsync<ProductValidationException>(() => Catalog.CreateAsync(Input(sku: "CAFE\u0301-1")));

        Assert.Equal("Another product already has the SKU CAF\u00C9-1.", refused.Errors["Sku"]);
        var decomposedFirst = await Catalog.CreateAsync(Input(sku: "A\u030A-2"));
        Assert.Equal("\u00C5-2", (await Catalog.FindAsync(decomposedFirst.Id))!.Sku);
        await Assert.ThrowsAsync<ProductValidationException>(() => Catalog.UpdateAsync(decomposedFirst.Id, Input(sku: "CAFE\u0301-1")));
    }

    [Theory]
    [InlineData(-1, "Quantity", "The quantity is between 0 and 100,000; -1 is not.")]
    [InlineData(100_001, "Quantity", "The quantity is between 0 and 100,000")]
    [InlineData(int.MaxValue, "Quantity", "The quantity is between 0 and 100,000")]
    public async Task A_quantity_out_of_range_is_refused(int quantity, string field, string message)
    {
        Assert.Contains(message, await RefusedAsync(Input(quantity: quantity), field));
    }

    [Theory]
    [InlineData("0.001", "The price must be at least 0.01: 0.001 is less than a cent.")]
    [InlineData("0.009", "The price must be at least 0.01")]
    [InlineData("12.345", "at most two decimals")]
    [InlineData("0", "above 0")]
    public async Task A_price_below_a_cent_says_so(string price, string message)
    {
        Assert.Contains(message, await RefusedAsync(Input(price: decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)), "Price"));
    }

    [Theory]
    [InlineData("ABC", "ABC is not an ISO 4217 currency code")]
    [InlineData("XXX", "XXX is not an ISO 4217 currency code")]
    public async Task A_currency_that_is_not_an_ISO_4217_code_is_refused(string currency, string message)
    {
        Assert.Contains(message, await RefusedAsync(Input(currency: currency), "Currency"));
    }

    [Fact]
    public async Task Images_and_item_specifics_over_their_limits_are_refused()
    {
        var tooMany = Enumerable.Range(1, ProductLimits.Images + 1).Select(number => $"https://images.example.com/{number}.jpg").ToList();
        Assert.Contains("There are 25 images; at most 24", await RefusedAsync(Input(images: tooMany), "Images"));
        var longAddress = "https://images.example.com/" + new string('a', ProductLimits.ImageAddress);
        Assert.Contains("at most 500", await RefusedAsync(Input(images: [longAddress]), "Images"));
        var specifics = Enumerable.Range(1, ProductLimits.ItemSpecifics + 1).ToDictionary(number => $"Name {number}", number => "value");
        Assert.Contains("There are 46 item specifics; at most 45", await RefusedAsync(Input(specifics: specifics), "ItemSpecifics"));
        Assert.Contains("at most 65", await RefusedAsync(Input(specifics: new Dictionary<string, string> { ["Game"] = new string('v', 66) }), "ItemSpecifics"));

        var atLimits = await Catalog.CreateAsync(Input(images: tooMany.Take(ProductLimits.Images).ToList(),
            specifics: new Dictionary<string, string> { [new string('n', ProductLimits.ItemSpecificName)] = new string('v', ProductLimits.ItemSpecificValue) }));
        Assert.Equal(ProductLimits.Images, (await Catalog.FindAsync(atLimits.Id))!.Images.Count);
    }
}

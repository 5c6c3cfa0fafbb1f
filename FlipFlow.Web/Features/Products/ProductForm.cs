using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Domain.Products;

namespace FlipFlow.Web.Features.Products;

/// <summary>
/// A product as the product dialog edits it: images as one address per line, item specifics as "Name: value"
/// lines, price and quantity as the text typed. <see cref="ToInput"/> turns it into what the catalogue saves, with the
/// problems of those lines and numbers by field. The numbers stay text on purpose: a numeric field turns what it cannot
/// read as its type (a quantity of 99999999999, beyond an int) into 0 without a word, and shows a price of 0.001 as
/// 0.00, so the dialog reads them itself and says what is wrong.
/// </summary>
public sealed class ProductForm
{
    public string Sku { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public ItemCondition Condition { get; set; } = ItemCondition.New;
    public string Price { get; set; } = "";
    public string Currency { get; set; } = "USD";
    public string Quantity { get; set; } = "1";
    public string Images { get; set; } = "";
    public string ItemSpecifics { get; set; } = "";

    public static ProductForm From(Product product) => new()
    {
        Sku = product.Sku,
        Title = product.Title,
        Description = product.Description,
        Condition = product.Condition,
        Price = product.Price.ToString("0.00", CultureInfo.CurrentCulture),
        Currency = product.Currency,
        Quantity = product.Quantity.ToString(CultureInfo.CurrentCulture),
        Images = string.Join("\n", product.Images),
        ItemSpecifics = string.Join("\n", product.ItemSpecifics.Select(pair => $"{pair.Key}: {pair.Value}")),
    };

    /// <summary>What the catalogue saves, and the lines of images or item specifics it could not read, by field name.</summary>
    public (ProductInput Input, Dictionary<string, string> Errors) ToInput()
    {
        var errors = new Dictionary<string, string>();
        var specifics = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var line in Lines(ItemSpecifics))
        {
            number++;
            var colon = line.IndexOf(':');
            var name = colon > 0 ? line[..colon].Trim() : "";
            if (name.Length == 0)
            {
                errors[nameof(ProductInput.ItemSpecifics)] = $"Line {number} (\"{Shorten(line)}\") is not \"Name: value\".";
                break;
            }
            if (!specifics.TryAdd(name, line[(colon + 1)..].Trim()))
            {
                errors[nameof(ProductInput.ItemSpecifics)] = $"\"{name}\" is there twice; give each item specific once.";
                break;
            }
        }
        var price = ReadPrice(Price, errors);
        var quantity = ReadQuantity(Quantity, errors);
        var input = new ProductInput(Sku.Trim(), Title.Trim(), Description.Trim(), Condition, price, Currency.Trim().ToUpperInvariant(), quantity,
            Lines(Images).ToList(), specifics);
        return (input, errors);
    }

    /// <summary>The price typed, in the configured culture; 0 (which the catalogue refuses) when empty, and a message when unreadable.</summary>
    private static decimal ReadPrice(string text, Dictionary<string, string> errors)
    {
        var typed = text.Trim();
        if (typed.Length == 0)
        {
            return 0;
        }
        if (decimal.TryParse(typed, NumberStyles.Number, CultureInfo.CurrentCulture, out var price))
        {
            return price;
        }
        errors[nameof(ProductInput.Price)] = $"\"{Shorten(typed)}\" is not a price; write it as {12.5m.ToString("0.00", CultureInfo.CurrentCulture)}.";
        return 0;
    }

    /// <summary>
    /// The quantity typed. A whole number outside what the catalogue takes (-1, or 99999999999, more than an int holds) is
    /// passed on or named here, never turned into 0.
    /// </summary>
    private static int ReadQuantity(string text, Dictionary<string, string> errors)
    {
        var typed = text.Trim();
        if (typed.Length == 0)
        {
            errors[nameof(ProductInput.Quantity)] = "Enter a quantity: a whole number from 0, for none in stock.";
            return 0;
        }
        if (int.TryParse(typed, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.CurrentCulture, out var quantity))
        {
            return quantity;
        }
        // Digits too many for an int are a quantity out of range, not an unreadable one.
        errors[nameof(ProductInput.Quantity)] = typed.TrimStart('-', '+') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit)
            ? ProductLimits.QuantityOutOfRange(Shorten(typed))
            : $"\"{Shorten(typed)}\" is not a quantity; enter a whole number from 0 to {ProductLimits.Quantity.ToString("N0", CultureInfo.CurrentCulture)}.";
        return 0;
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    private static string Shorten(string line) => line.Length > 40 ? line[..40] + "…" : line;
}

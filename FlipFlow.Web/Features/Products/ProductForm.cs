using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Domain.Products;

namespace FlipFlow.Web.Features.Products;

/// <summary>
/// A product as the product dialog edits it: images as one address per line, item specifics as "Name: value"
/// lines. <see cref="ToInput"/> turns it into what the catalogue saves, with the problems of those lines by field.
/// </summary>
public sealed class ProductForm
{
    public string Sku { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public ItemCondition Condition { get; set; } = ItemCondition.New;
    public decimal Price { get; set; }
    public string Currency { get; set; } = "USD";
    public int Quantity { get; set; } = 1;
    public string Images { get; set; } = "";
    public string ItemSpecifics { get; set; } = "";

    public static ProductForm From(Product product) => new()
    {
        Sku = product.Sku,
        Title = product.Title,
        Description = product.Description,
        Condition = product.Condition,
        Price = product.Price,
        Currency = product.Currency,
        Quantity = product.Quantity,
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
        var input = new ProductInput(Sku.Trim(), Title.Trim(), Description.Trim(), Condition, Price, Currency.Trim().ToUpperInvariant(), Quantity,
            Lines(Images).ToList(), specifics);
        return (input, errors);
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    private static string Shorten(string line) => line.Length > 40 ? line[..40] + "…" : line;
}

using FlipFlow.Infrastructure.Listings;
using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Common;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Products;

/// <summary>What a person enters for a product: checked field by field before anything is saved.</summary>
public sealed record ProductInput(
    string Sku,
    string Title,
    string Description,
    ItemCondition Condition,
    decimal Price,
    string Currency,
    int Quantity,
    IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> ItemSpecifics);

/// <summary>
/// Field-level problems with a <see cref="ProductInput"/>, by field name. <see cref="Reason"/> is
/// <see cref="Refusal.Conflict"/> when the input is sound but other data stands in its way (the SKU is taken), and
/// <see cref="Refusal.NotFound"/> when the product to save no longer exists.
/// </summary>
public sealed class ProductValidationException(IReadOnlyDictionary<string, string> errors, Refusal reason = Refusal.Invalid)
    : Exception(string.Join(" ", errors.Select(error => $"{error.Key}: {error.Value}")))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public Refusal Reason { get; } = reason;
}

/// <summary>A product in the products grid, with where it is live.</summary>
public sealed record ProductRow(
    long Id, string Sku, string Title, ItemCondition Condition, decimal Price, string Currency, int Quantity, int ImageCount,
    IReadOnlyList<Marketplace> LiveOn, DateTimeOffset UpdatedAt);

public sealed record ProductPage(IReadOnlyList<ProductRow> Rows, int Total);

public enum ProductSort
{
    Newest,
    Oldest,
    Sku,
    Title,
    PriceAscending,
    PriceDescending,
}

/// <summary>The seller's products: listed with server paging, created, edited, exported as CSV.</summary>
public sealed class ProductCatalog(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    public async Task<ProductPage> ListAsync(string? search, ProductSort sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var products = Search(db, search);
        var total = await products.CountAsync(cancellationToken);
        products = sort switch
        {
            ProductSort.Oldest => products.OrderBy(product => product.Id),
            ProductSort.Sku => products.OrderBy(product => product.Sku),
            ProductSort.Title => products.OrderBy(product => product.Title).ThenBy(product => product.Id),
            ProductSort.PriceAscending => products.OrderBy(product => (double)product.Price).ThenBy(product => product.Id),
            ProductSort.PriceDescending => products.OrderByDescending(product => (double)product.Price).ThenBy(product => product.Id),
            _ => products.OrderByDescending(product => product.Id),
        };
        var page = await products.Skip(skip).Take(take).ToListAsync(cancellationToken);
        var ids = page.Select(product => product.Id).ToList();
        var live = await db.Listings.AsNoTracking()
            .Where(listing => ids.Contains(listing.ProductId) && listing.Status == ListingStatus.Active)
            .Select(listing => new { listing.ProductId, listing.Marketplace })
            .ToListAsync(cancellationToken);
        return new ProductPage(page.Select(product => new ProductRow(product.Id, product.Sku, product.Title, product.Condition, product.Price,
            product.Currency, product.Quantity, product.Images.Count,
            live.Where(row => row.ProductId == product.Id).Select(row => row.Marketplace).Distinct().Order().ToList(),
            product.UpdatedAt)).ToList(), total);
    }

    /// <summary>The ids of every product matching the search: what "select all" selects.</summary>
    public async Task<IReadOnlyList<string>> SkusAsync(string? search, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Search(db, search).OrderBy(product => product.Id).Select(product => product.Sku).ToListAsync(cancellationToken);
    }

    public async Task<Product?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Products.AsNoTracking().FirstOrDefaultAsync(product => product.Id == id, cancellationToken);
    }

    /// <summary>The product's listings on every marketplace, newest first.</summary>
    public async Task<IReadOnlyList<Listing>> ListingsAsync(long productId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Listings.AsNoTracking().Where(listing => listing.ProductId == productId)
            .OrderByDescending(listing => listing.Id).ToListAsync(cancellationToken);
    }

    public async Task<Product> CreateAsync(ProductInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var errors = Validate(input);
        var sku = Identifier.Normalize(input.Sku);
        var conflict = false;
        if (!errors.ContainsKey(nameof(ProductInput.Sku)) && await db.Products.AnyAsync(product => product.Sku == sku, cancellationToken))
        {
            errors[nameof(ProductInput.Sku)] = $"Another product already has the SKU {sku}.";
            conflict = true;
        }
        ThrowIfAny(errors, conflict);
        var now = clock.GetUtcNow();
        var product = new Product { Sku = "", Title = "", CreatedAt = now };
        Apply(product, input, now);
        db.Products.Add(product);
        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    /// <summary>Saves changes to a product. Its live listings keep their copy until an Update is published to them.</summary>
    public async Task<Product> UpdateAsync(long id, ProductInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var product = await db.Products.FirstOrDefaultAsync(product => product.Id == id, cancellationToken)
            ?? throw new ProductValidationException(new Dictionary<string, string> { ["Id"] = $"There is no product {id}." }, Refusal.NotFound);
        var errors = Validate(input);
        var sku = Identifier.Normalize(input.Sku);
        var conflict = false;
        if (!errors.ContainsKey(nameof(ProductInput.Sku))
            && await db.Products.AnyAsync(other => other.Sku == sku && other.Id != id, cancellationToken))
        {
            errors[nameof(ProductInput.Sku)] = $"Another product already has the SKU {sku}.";
            conflict = true;
        }
        if (!errors.ContainsKey(nameof(ProductInput.Sku)) && product.Sku != sku
            && await db.Listings.AnyAsync(listing => listing.ProductId == id && listing.Status == ListingStatus.Active, cancellationToken))
        {
            errors[nameof(ProductInput.Sku)] = "The SKU of a product with live listings cannot change: marketplaces know it by its SKU.";
            conflict = true;
        }
        ThrowIfAny(errors, conflict);
        Apply(product, input, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    /// <summary>Every product matching the search as CSV, written to <paramref name="output"/> asynchronously a few hundred rows at a time.</summary>
    public async Task ExportCsvAsync(string? search, TextWriter output, CancellationToken cancellationToken = default)
    {
        var page = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(page);
        csv.WriteRow("sku", "title", "condition", "price", "currency", "quantity", "images", "description");
        var rows = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var product in Search(db, search).OrderBy(product => product.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteRow(product.Sku, product.Title, product.Condition.ToString(), CsvWriter.Number(product.Price), product.Currency,
                product.Quantity.ToString(CultureInfo.InvariantCulture), string.Join(" ", product.Images), product.Description);
            if (++rows % 500 == 0)
            {
                await FlushAsync(page, output, cancellationToken);
            }
        }
        await FlushAsync(page, output, cancellationToken);
    }

    private static async Task FlushAsync(StringWriter page, TextWriter output, CancellationToken cancellationToken)
    {
        var builder = page.GetStringBuilder();
        await output.WriteAsync(builder, cancellationToken);
        await output.FlushAsync(cancellationToken);
        builder.Clear();
    }

    /// <summary>
    /// Every field's problem, by field name: the limits of <see cref="ProductLimits"/>, the SKU as an <see cref="Identifier"/>,
    /// the text fields as <see cref="FreeText"/>, the currency among <see cref="CurrencyCodes"/>. Nothing is cut or rounded
    /// to fit: a value that does not fit is refused with a message saying why.
    /// </summary>
    public static Dictionary<string, string> Validate(ProductInput input)
    {
        var errors = new Dictionary<string, string>();
        void Add(string field, string? problem)
        {
            if (problem is not null)
            {
                errors.TryAdd(field, problem);
            }
        }
        var sku = Identifier.Normalize(input.Sku);
        Add(nameof(ProductInput.Sku), sku.Length == 0 ? "Enter a SKU."
            : sku.Length > ProductLimits.Sku ? $"The SKU has {sku.Length:N0} characters; at most {ProductLimits.Sku} (eBay's limit)."
            : Identifier.Problem(sku, "SKU"));
        var title = input.Title?.Trim() ?? "";
        Add(nameof(ProductInput.Title), title.Length == 0 ? "Enter a title."
            : title.Length > ProductLimits.Title
                ? $"The title has {title.Length:N0} characters; at most {ProductLimits.Title} (Etsy's limit; eBay takes 80, checked when publishing there)."
            : FreeText.Problem(title, "title", multiline: false));
        var description = input.Description?.Trim() ?? "";
        Add(nameof(ProductInput.Description), description.Length > ProductLimits.Description
            ? $"The description has {description.Length:N0} characters; at most {ProductLimits.Description:N0} (eBay's limit)."
            : FreeText.Problem(description, "description", multiline: true));
        Add(nameof(ProductInput.Price), PriceProblem(input.Price));
        Add(nameof(ProductInput.Currency), CurrencyCodes.Problem(input.Currency));
        if (input.Quantity is < 0 or > ProductLimits.Quantity)
        {
            Add(nameof(ProductInput.Quantity), ProductLimits.QuantityOutOfRange($"{input.Quantity:N0}"));
        }
        Add(nameof(ProductInput.Images), ImagesProblem(input.Images));
        Add(nameof(ProductInput.ItemSpecifics), ItemSpecificsProblem(input.ItemSpecifics));
        return errors;
    }

    private static string? PriceProblem(decimal price) => price switch
    {
        <= 0 or > ProductLimits.Price => $"The price must be above 0 and at most {ProductLimits.Price:N0}.",
        < 0.01m => $"The price must be at least 0.01: {price.ToString(CultureInfo.CurrentCulture)} is less than a cent.",
        _ when decimal.Round(price, 2) != price => $"The price has at most two decimals (cents): {price.ToString(CultureInfo.CurrentCulture)} has more.",
        _ => null,
    };

    private static string? ImagesProblem(IReadOnlyList<string> images)
    {
        var given = images.Select(image => image.Trim()).Where(image => image.Length > 0).ToList();
        if (given.Count > ProductLimits.Images)
        {
            return $"There are {given.Count} images; at most {ProductLimits.Images} (eBay's limit).";
        }
        foreach (var image in given)
        {
            if (image.Length > ProductLimits.ImageAddress)
            {
                return $"An image address has {image.Length:N0} characters; at most {ProductLimits.ImageAddress} (eBay's limit): '{Shorten(image)}'.";
            }
            if (!Uri.TryCreate(image, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return $"'{Shorten(image)}' is not an http or https address.";
            }
        }
        return null;
    }

    private static string? ItemSpecificsProblem(IReadOnlyDictionary<string, string> specifics)
    {
        if (specifics.Count > ProductLimits.ItemSpecifics)
        {
            return $"There are {specifics.Count} item specifics; at most {ProductLimits.ItemSpecifics} (eBay's limit).";
        }
        foreach (var (rawName, rawValue) in specifics)
        {
            var (name, value) = (rawName.Trim(), rawValue.Trim());
            if (name.Length == 0)
            {
                return "An item specific has no name.";
            }
            if (name.Length > ProductLimits.ItemSpecificName)
            {
                return $"The item specific name \"{Shorten(name)}\" has {name.Length:N0} characters; at most {ProductLimits.ItemSpecificName} (eBay's limit).";
            }
            if (value.Length > ProductLimits.ItemSpecificValue)
            {
                return $"The value of \"{name}\" has {value.Length:N0} characters; at most {ProductLimits.ItemSpecificValue} (eBay's limit).";
            }
            var problem = FreeText.Problem(name, "item specific name", multiline: false)
                ?? FreeText.Problem(value, $"value of \"{name}\"", multiline: false);
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static IQueryable<Product> Search(FlipFlowDbContext db, string? search)
    {
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            products = products.Where(product => product.Sku.ToLower().Contains(term) || product.Title.ToLower().Contains(term));
        }
        return products;
    }

    /// <summary>Throws the problems; a conflict only when the SKU's clash with other data is the one problem left.</summary>
    private static void ThrowIfAny(Dictionary<string, string> errors, bool conflict = false)
    {
        if (errors.Count > 0)
        {
            throw new ProductValidationException(errors, conflict && errors.Count == 1 ? Refusal.Conflict : Refusal.Invalid);
        }
    }

    private static void Apply(Product product, ProductInput input, DateTimeOffset now)
    {
        product.Sku = Identifier.Normalize(input.Sku);
        product.Title = input.Title.Trim();
        product.Description = input.Description?.Trim() ?? "";
        product.Condition = input.Condition;
        product.Price = input.Price;
        product.Currency = input.Currency;
        product.Quantity = input.Quantity;
        product.Images = input.Images.Select(image => image.Trim()).Where(image => image.Length > 0).ToList();
        product.ItemSpecifics = input.ItemSpecifics.ToDictionary(pair => pair.Key.Trim(), pair => pair.Value.Trim());
        product.UpdatedAt = now;
    }
}

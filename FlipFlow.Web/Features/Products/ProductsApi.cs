using FlipFlow.Domain.Common;
using FlipFlow.Domain.Marketplaces;
using MarketplaceNames = FlipFlow.Domain.Marketplaces.Marketplaces;
using FlipFlow.Domain.Products;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Products;

/// <summary>A product in the API's list: what the products grid shows, with the marketplaces it is live on.</summary>
public sealed record ProductSummary(
    long Id, string Sku, string Title, ItemCondition Condition, ApiMoney Price, int Quantity, int ImageCount, IReadOnlyList<string> LiveOn,
    DateTimeOffset UpdatedAt)
{
    public static ProductSummary From(ProductRow row) => new(row.Id, row.Sku, row.Title, row.Condition, new ApiMoney(row.Price, row.Currency),
        row.Quantity, row.ImageCount, row.LiveOn.Select(MarketplaceNames.Key).ToList(), row.UpdatedAt);
}

/// <summary>A whole product, as the product dialog edits it.</summary>
public sealed record ProductDetail(
    long Id, string Sku, string Title, string Description, ItemCondition Condition, ApiMoney Price, int Quantity, IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> ItemSpecifics, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProductDetail From(Product product) => new(product.Id, product.Sku, product.Title, product.Description, product.Condition,
        new ApiMoney(product.Price, product.Currency), product.Quantity, product.Images, product.ItemSpecifics, product.CreatedAt, product.UpdatedAt);
}

/// <summary>
/// A product to create or the whole of one to save. What is left out is what a new product in the dialog starts with
/// (no description, condition New, a quantity of 1, no images or item specifics); a missing SKU, title or price is
/// refused by the catalogue like an empty field in the dialog.
/// </summary>
public sealed record ProductBody(
    string? Sku, string? Title, string? Description, ItemCondition? Condition, ApiMoney? Price, int? Quantity, IReadOnlyList<string>? Images,
    IReadOnlyDictionary<string, string>? ItemSpecifics)
{
    public ProductInput ToInput() => new(Sku?.Trim() ?? "", Title?.Trim() ?? "", Description?.Trim() ?? "", Condition ?? ItemCondition.New,
        Price?.Amount ?? 0m, Price?.Currency?.Trim().ToUpperInvariant() ?? "", Quantity ?? 1, Images ?? [],
        ItemSpecifics ?? new Dictionary<string, string>());
}

/// <summary>
/// <c>/api/v1/products</c>: the catalogue the Products page shows and the product dialog edits, through the same
/// <see cref="ProductCatalog"/> methods and its checks, field by field.
/// </summary>
public static class ProductsApi
{
    /// <summary>The orders a list may ask for (<c>sort=</c>), as the Products page offers them, and the oldest first.</summary>
    private static readonly IReadOnlyDictionary<string, ProductSort> Sorts = new Dictionary<string, ProductSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["-createdAt"] = ProductSort.Newest,
        ["createdAt"] = ProductSort.Oldest,
        ["sku"] = ProductSort.Sku,
        ["title"] = ProductSort.Title,
        ["price"] = ProductSort.PriceAscending,
        ["-price"] = ProductSort.PriceDescending,
    };

    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder api)
    {
        api.MapGet("products", ListAsync)
            .WithName("ListProducts").WithSummary("Lists products, newest first unless sorted, with paging and a search in SKU and title.").WithTags("Products");
        api.MapGet("products/{id:long}", GetAsync)
            .WithName("GetProduct").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A product with its description, images and item specifics.").WithTags("Products");
        api.MapPost("products", CreateAsync)
            .WithName("CreateProduct").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Creates a product; answers 201 with its address.").WithTags("Products").Writes();
        api.MapPut("products/{id:long}", UpdateAsync)
            .WithName("UpdateProduct").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Saves the whole of a product. Its live listings keep their copy until an update is published to them.")
            .WithTags("Products").Writes();
        return api;
    }

    private static async Task<Results<Ok<Paged<ProductSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery paging, string? search, string? sort, ProductCatalog catalog, HttpRequest request, CancellationToken cancellationToken)
    {
        var problems = paging.Problems();
        var order = ProductSort.Newest;
        if (sort is not null && !Sorts.TryGetValue(sort.Trim(), out order))
        {
            problems["sort"] = [$"Sort by one of: {string.Join(", ", Sorts.Keys)}."];
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var found = await catalog.ListAsync(search, order, paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<ProductSummary>.Of(found.Rows.Select(ProductSummary.From).ToList(), found.Total, paging, request));
    }

    private static async Task<Results<Ok<ProductDetail>, ProblemHttpResult>> GetAsync(long id, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.FindAsync(id, cancellationToken) is { } product
            ? TypedResults.Ok(ProductDetail.From(product))
            : ApiRefusals.NotFound($"There is no product {id}.");

    private static async Task<Results<Created<ProductDetail>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProductBody body, ProductCatalog catalog, CancellationToken cancellationToken)
    {
        try
        {
            var product = await catalog.CreateAsync(body.ToInput(), cancellationToken);
            return TypedResults.Created($"{ApiEndpoints.Prefix}/products/{product.Id}", ProductDetail.From(product));
        }
        catch (ProductValidationException refused) when (refused.Reason == Refusal.Conflict)
        {
            return ApiRefusals.Conflict(refused.Errors.Values.First());
        }
        catch (ProductValidationException refused)
        {
            return TypedResults.ValidationProblem(FieldErrors(refused));
        }
    }

    private static async Task<Results<Ok<ProductDetail>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, ProductBody body, ProductCatalog catalog, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(ProductDetail.From(await catalog.UpdateAsync(id, body.ToInput(), cancellationToken)));
        }
        catch (ProductValidationException refused) when (refused.Reason == Refusal.NotFound)
        {
            return ApiRefusals.NotFound(refused.Errors.Values.First());
        }
        catch (ProductValidationException refused) when (refused.Reason == Refusal.Conflict)
        {
            return ApiRefusals.Conflict(refused.Errors.Values.First());
        }
        catch (ProductValidationException refused)
        {
            return TypedResults.ValidationProblem(FieldErrors(refused));
        }
    }

    /// <summary>The catalogue's problems under the body's names: the currency is the price's.</summary>
    private static Dictionary<string, string[]> FieldErrors(ProductValidationException refused) => refused.Errors.ToDictionary(
        error => error.Key == nameof(ProductInput.Currency) ? "price.currency" : ApiRefusals.Field(error.Key),
        error => new[] { error.Value });
}

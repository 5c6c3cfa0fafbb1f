using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Market;

/// <summary>One scanner row: a card (or sealed product) in one treatment and currency over the window.</summary>
public sealed record ApiScannerRow(
    int? CardId,
    string? Number,
    string Name,
    string? Rarity,
    MarketProductType ProductType,
    string? Treatment,
    int Active,
    int Sales,
    decimal? SellThrough,
    ApiMoney? MedianPrice,
    ApiMoney? LastSalePrice,
    DateTimeOffset? LastSaleAt,
    PriceTrend? Trend,
    int Sellers,
    bool TooFewSales)
{
    public static ApiScannerRow From(ScannerRow row) => new(row.CardId, row.Number, row.Name, row.Rarity, row.ProductType, row.Treatment, row.Active,
        row.Sales, row.SellThrough, Money(row.MedianPrice, row.Currency), Money(row.LastSalePrice, row.Currency), row.LastSaleAt, row.Trend, row.Sellers,
        row.TooFewSales);

    internal static ApiMoney? Money(decimal? amount, string currency) => amount is { } value ? new ApiMoney(value, currency) : null;
}

public sealed record ApiScanner(DateTimeOffset From, DateTimeOffset To, int WindowDays, IReadOnlyList<ApiScannerRow> Rows);

/// <summary>A market listing as last seen.</summary>
public sealed record ApiMarketListing(
    long Id,
    MarketPlatform Platform,
    string Title,
    string? Url,
    MarketListingStatus Status,
    ApiMoney Price,
    string? Treatment,
    string? Grading,
    bool IsBulkLot,
    string? SellerText,
    long? SellerId,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset? SoldAt)
{
    public static ApiMarketListing From(CardObservation listing) => new(listing.Id, listing.Platform, listing.Title, listing.Url, listing.Status,
        new ApiMoney(listing.Price, listing.Currency), listing.Treatment, listing.Grading, listing.IsBulkLot, listing.SellerText, listing.SellerId, listing.FirstSeenAt,
        listing.LastSeenAt, listing.SoldAt);
}

public sealed record ApiCardSale(DateTimeOffset At, ApiMoney Price, string? Treatment, string? Grading, MarketPlatform Platform);

public sealed record ApiCardDetail(
    int Id,
    string Set,
    string Number,
    string Name,
    string Rarity,
    string? CardType,
    IReadOnlyList<ApiScannerRow> Treatments,
    IReadOnlyList<ApiCardSale> Sales,
    IReadOnlyList<ApiMarketListing> Listings);

/// <summary>What a catalogue import did, or with <c>dryRun</c> would do.</summary>
public sealed record ApiCatalogImport(int Added, int Updated, int Unchanged, bool DryRun);

/// <summary>
/// The card market: <c>GET /api/v1/scanner</c> (as <c>scanner</c>), <c>GET /api/v1/cards</c> and <c>cards/{id}</c> (as <c>cards list|show</c>),
/// <c>GET /api/v1/market/listings</c> (as <c>market listings</c>) and <c>GET /api/v1/market/imports</c> (as <c>market imports</c>).
/// </summary>
public static class MarketApi
{
    public static RouteGroupBuilder MapMarketApi(this RouteGroupBuilder api)
    {
        api.MapGet("scanner", ScannerAsync)
            .WithName("GetScanner")
            .WithSummary("Per card and treatment over a window (30 days by default): active listings, sales, sell-through, median and last sale, 14-day trend, sellers.")
            .WithTags("Market");
        api.MapGet("cards", CardsAsync)
            .WithName("ListCards")
            .WithSummary("The card catalogue with each card's market over 30 days, searchable by name, number or set, a page at a time.")
            .WithTags("Market");
        api.MapGet("cards/{id:int}", CardAsync)
            .WithName("GetCard")
            .WithSummary("A card: its treatments over 30 days, its sales over 90 days and its latest market listings.")
            .WithTags("Market");
        // The body is read as text here, not matched by routing's content types: a request without a key still gets its 401 first.
        api.MapPost("cards/import", ImportAsync)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportCards")
            .WithSummary("Adds a CSV's cards (set, number, name, rarity, card_type) to the catalogue and updates the name and card type of those it has; " +
                "dryRun=true counts without writing. A file with any problem writes nothing: a 400 names each as rows[N].column.")
            .WithTags("Market").Writes();
        api.MapGet("market/listings", ListingsAsync)
            .WithName("ListMarketListings")
            .WithSummary("Market listings of every seller, the latest seen first, by card, seller, platform, status or title words, a page at a time.")
            .WithTags("Market");
        api.MapGet("market/listings/{id:long}", async Task<Results<Ok<Cli.IngestVerbs.ListingRow>, ProblemHttpResult>> (long id,
                MarketListingDetails details, CancellationToken cancellationToken) =>
                await details.GetAsync(id, cancellationToken) is { } detail
                    ? TypedResults.Ok(Cli.IngestVerbs.ListingRow.From(detail))
                    : ApiRefusals.NotFound($"No market listing has id {id}."))
            .WithName("GetMarketListing")
            .WithSummary("One market listing: platform, item id, title, price, status, condition, seller, images, card, when seen and changed, its price changes.")
            .WithTags("Market");
        api.MapGet("market/imports", async Task<Ok<IReadOnlyList<MarketImport>>> (MarketImports imports, CancellationToken cancellationToken) =>
                TypedResults.Ok(await imports.RecentAsync(cancellationToken: cancellationToken)))
            .WithName("ListMarketImports")
            .WithSummary("The latest reads of the market sources: when, what they found and changed, and their errors.")
            .WithTags("Market");
        return api;
    }

    private static async Task<Results<Ok<ApiScanner>, ValidationProblem>> ScannerAsync(int? window, string? rarity, string? treatment, string? productType,
        string? platform, MarketScanner scanner, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var type = ApiQuery.Parse<MarketProductType>(productType, "productType", problems);
        var on = ApiQuery.Parse<MarketPlatform>(platform, "platform", problems);
        var query = new ScannerQuery(window ?? ScannerRules.DefaultWindowDays, ApiQuery.Blank(rarity), ApiQuery.Blank(treatment), type, on);
        foreach (var (field, problem) in await scanner.ProblemsAsync(query, cancellationToken))
        {
            problems[field] = [problem];
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var report = await scanner.ReadAsync(query, cancellationToken);
        return TypedResults.Ok(new ApiScanner(report.From, report.To, report.WindowDays, report.Rows.Select(ApiScannerRow.From).ToList()));
    }

    private static async Task<Results<Ok<Paged<CardSummary>>, ValidationProblem>> CardsAsync(string? search, int? page, int? pageSize,
        CardMarket cards, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        if (paging.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (items, total) = await cards.ListAsync(search, paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<CardSummary>.Of(items, total, paging, request));
    }

    private static async Task<Results<Ok<ApiCardDetail>, ProblemHttpResult>> CardAsync(int id, CardMarket cards, CancellationToken cancellationToken) =>
        await cards.GetAsync(id, cancellationToken) is { } detail
            ? TypedResults.Ok(new ApiCardDetail(detail.Card.Id, detail.Card.Set, detail.Card.Number, detail.Card.Name, detail.Card.Rarity, detail.Card.CardType,
                detail.Treatments.Rows.Select(ApiScannerRow.From).ToList(),
                detail.Sales.Select(sale => new ApiCardSale(sale.At, new ApiMoney(sale.Price, sale.Currency), sale.Treatment, sale.Grading, sale.Platform)).ToList(),
                detail.Observations.Select(ApiMarketListing.From).ToList()))
            : ApiRefusals.NotFound($"There is no card {id}.");

    private static async Task<Results<Ok<Paged<ApiMarketListing>>, ValidationProblem>> ListingsAsync(int? cardId, long? sellerId, string? platform, string? status,
        string? search, int? page, int? pageSize, MarketListingSearch listings, HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        var on = ApiQuery.Parse<MarketPlatform>(platform, "platform", problems);
        var state = ApiQuery.Parse<MarketListingStatus>(status, "status", problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (items, total) = await listings.FindAsync(new MarketListingFilter(cardId, on, state, ApiQuery.Blank(search), sellerId), paging.Skip, paging.Size, cancellationToken);
        return TypedResults.Ok(Paged<ApiMarketListing>.Of(items.Select(ApiMarketListing.From).ToList(), total, paging, request));
    }

    /// <summary>The largest catalogue file taken: tens of thousands of cards.</summary>
    public const int MaxImportBytes = 5 * 1024 * 1024;

    private static async Task<Results<Ok<ApiCatalogImport>, ValidationProblem, ProblemHttpResult>> ImportAsync(bool? dryRun, HttpRequest request,
        CatalogImport import, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase) && !string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be CSV",
                detail: $"Send the file with Content-Type: text/csv (this request's was '{request.ContentType}').");
        }
        var csv = new System.Text.StringBuilder();
        using (var reader = new StreamReader(request.Body))
        {
            var chunk = new char[64 * 1024];
            int read;
            while ((read = await reader.ReadAsync(chunk, cancellationToken)) > 0)
            {
                csv.Append(chunk, 0, read);
                if (csv.Length > MaxImportBytes)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"The file is over {MaxImportBytes / 1024 / 1024} MB; split it."] });
                }
            }
        }
        var result = await import.ImportAsync(csv.ToString(), dryRun ?? false, cancellationToken);
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(result.Problems.GroupBy(problem => $"rows[{problem.Row}].{problem.Column}")
                .ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray()));
        }
        return TypedResults.Ok(new ApiCatalogImport(result.Added, result.Updated, result.Unchanged, result.DryRun));
    }
}

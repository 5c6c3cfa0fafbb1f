using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Web.Features.Analytics;
using FlipFlow.Web.Features.Api;

namespace FlipFlow.Web.Features.Inventory;

/// <summary>
/// The snapshot viewer's filters as the API, the CSV download and the page's own links write them: from and to
/// (yyyy-MM-dd, UTC; the last 90 days when left out), sellerId, cardId, card (number or name), treatment, sort (date, seller,
/// card, treatment or quantity; date when left out) and descending (true or false; newest first when neither is given).
/// </summary>
public static class InventoryHistoryQuery
{
    public const string CsvPath = "/inventory/snapshots.csv";

    /// <summary>The filter asked for, and what is wrong with the query by field.</summary>
    public static (InventoryHistoryFilter Filter, Dictionary<string, string[]> Problems) Parse(string? from, string? to, long? sellerId, int? cardId,
        string? card, string? treatment, string? sort, bool? descending, TimeProvider clock)
    {
        var problems = new Dictionary<string, string[]>();
        var order = ApiQuery.Parse<InventoryHistorySort>(sort, "sort", problems);
        if (Treatments.Problem(ApiQuery.Blank(treatment)) is { } wrong)
        {
            problems["treatment"] = [wrong];
        }
        var (start, end) = ApiQuery.Range(from, to, problems, clock);
        return (new InventoryHistoryFilter(start, end, sellerId, cardId, ApiQuery.Blank(card), ApiQuery.Blank(treatment),
            order ?? InventoryHistorySort.Date, descending ?? order is null), problems);
    }

    /// <summary>The CSV download of exactly the rows the filter finds, in its order, relative as the page links to it.</summary>
    public static string CsvFor(InventoryHistoryFilter filter)
    {
        var query = new List<string>
        {
            $"from={filter.From:yyyy-MM-dd}", $"to={filter.To:yyyy-MM-dd}", $"sort={filter.Sort}", $"descending={(filter.Descending ? "true" : "false")}",
        };
        if (filter.SellerId is { } seller)
        {
            query.Add($"sellerId={seller}");
        }
        if (filter.CardId is { } cardId)
        {
            query.Add($"cardId={cardId}");
        }
        if (filter.Card is { } card)
        {
            query.Add($"card={Uri.EscapeDataString(card)}");
        }
        if (filter.Treatment is { } treatment)
        {
            query.Add($"treatment={Uri.EscapeDataString(treatment)}");
        }
        return CsvPath.TrimStart('/') + "?" + string.Join("&", query);
    }

    /// <summary>GET /inventory/snapshots.csv for every role that may see the viewer; a bad query is a 400 with problem details.</summary>
    public static IEndpointRouteBuilder MapInventoryHistoryExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(CsvPath, async (string? from, string? to, long? sellerId, int? cardId, string? card, string? treatment, string? sort,
                bool? descending, InventoryHistory history, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
            {
                var (filter, problems) = Parse(from, to, sellerId, cardId, card, treatment, sort, descending, clock);
                if (problems.Count > 0)
                {
                    return Results.ValidationProblem(problems);
                }
                await using var writer = Hosting.CsvDownload.Start(context, $"flipflow-inventory-snapshots-{filter.From:yyyyMMdd}-{filter.To:yyyyMMdd}.csv");
                await history.WriteCsvAsync(filter, writer, cancellationToken);
                return Results.Empty;
            })
            .RequireAuthorization(FlipFlow.Domain.Users.Policies.CanView)
            .ExcludeFromDescription();
        return endpoints;
    }
}

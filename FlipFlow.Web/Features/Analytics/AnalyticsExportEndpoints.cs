using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Users;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Features.Analytics;

/// <summary>
/// GET /analytics/portfolio.csv?from=&amp;to=&amp;marketplace= and GET /analytics/listings/{id}.csv?from=&amp;to=: the Analytics
/// page's series as CSV downloads, for every role that may see them. Dates are yyyy-MM-dd (UTC); without them, the last 90 days. A range
/// <see cref="AnalyticsRanges"/> refuses (backwards, or longer than its maximum) is a 400 with problem details, never clipped.
/// </summary>
public static class AnalyticsExportEndpoints
{
    public const string PortfolioPath = "/analytics/portfolio.csv";
    public const int DefaultDays = 90;

    /// <summary>The portfolio export's address for the page's filters, relative as the page links to it.</summary>
    public static string PortfolioFor(DateOnly from, DateOnly to, Marketplace? marketplace) =>
        $"{PortfolioPath.TrimStart('/')}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}" + (marketplace is { } only ? $"&marketplace={only.Key()}" : "");

    public static string ListingFor(long listingId, DateOnly from, DateOnly to) => $"analytics/listings/{listingId}.csv?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";

    /// <summary>The default range: the last 90 days up to today (UTC).</summary>
    public static (DateOnly From, DateOnly To) DefaultRange(TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (today.AddDays(-DefaultDays), today);
    }

    /// <summary>The range asked for with its defaults filled in, as <c>stats portfolio</c> and the API read it: up to today, <see cref="DefaultDays"/> back from the last day.</summary>
    public static (DateOnly From, DateOnly To) RangeOf(DateOnly? from, DateOnly? to, TimeProvider clock)
    {
        var last = to ?? DefaultRange(clock).To;
        return (from ?? last.AddDays(-DefaultDays), last);
    }

    public static IEndpointRouteBuilder MapAnalyticsExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PortfolioPath, async (DateOnly? from, DateOnly? to, string? marketplace, PortfolioAnalytics analytics, TimeProvider clock,
                HttpContext context, CancellationToken cancellationToken) =>
            {
                Marketplace? only = null;
                if (!string.IsNullOrWhiteSpace(marketplace) && marketplace != "all")
                {
                    if (!FlipFlow.Domain.Marketplaces.Marketplaces.TryParse(marketplace, out var parsed))
                    {
                        return Results.BadRequest($"No marketplace is called '{marketplace}'.");
                    }
                    only = parsed;
                }
                var (defaultFrom, defaultTo) = DefaultRange(clock);
                var range = new AnalyticsRange(from ?? defaultFrom, to ?? defaultTo, only);
                if (AnalyticsRanges.Problem(range.From, range.To) is { } refused)
                {
                    return RangeRefused(refused);
                }
                await using var writer = CsvDownload.Start(context, $"flipflow-portfolio-{range.From:yyyyMMdd}-{range.To:yyyyMMdd}.csv");
                await analytics.WritePortfolioCsvAsync(range, writer, cancellationToken);
                return Results.Empty;
            })
            .RequireAuthorization(Policies.CanView)
            .ExcludeFromDescription();

        endpoints.MapGet("/analytics/listings/{id:long}.csv", async (long id, DateOnly? from, DateOnly? to, PortfolioAnalytics analytics, TimeProvider clock,
                HttpContext context, CancellationToken cancellationToken) =>
            {
                var (defaultFrom, defaultTo) = DefaultRange(clock);
                var (start, end) = (from ?? defaultFrom, to ?? defaultTo);
                if (AnalyticsRanges.Problem(start, end) is { } refused)
                {
                    return RangeRefused(refused);
                }
                if (await analytics.ListingTrendAsync(id, start, start, cancellationToken) is null)
                {
                    return Results.NotFound($"There is no listing {id}.");
                }
                await using var writer = CsvDownload.Start(context, $"flipflow-listing-{id}-{start:yyyyMMdd}-{end:yyyyMMdd}.csv");
                await analytics.WriteListingCsvAsync(id, start, end, writer, cancellationToken);
                return Results.Empty;
            })
            .RequireAuthorization(Policies.CanView)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>400 with problem details (RFC 9457) that say what is wrong with the range and what to ask for instead.</summary>
    private static IResult RangeRefused(string problem) =>
        Results.Problem(detail: problem, statusCode: StatusCodes.Status400BadRequest, title: "The range of days cannot be exported");
}

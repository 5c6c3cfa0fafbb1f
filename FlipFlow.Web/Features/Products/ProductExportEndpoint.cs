using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Web.Hosting;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Web.Features.Products;

/// <summary>GET /products/export.csv?search=: the products matching the search as a CSV download, for every role that may see them.</summary>
public static class ProductExportEndpoint
{
    public const string Path = "/products/export.csv";

    /// <summary>The export's address for a search, as the products page links to it.</summary>
    public static string For(string? search) =>
        string.IsNullOrWhiteSpace(search) ? Path.TrimStart('/') : $"{Path.TrimStart('/')}?search={Uri.EscapeDataString(search.Trim())}";

    public static void MapProductExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (string? search, ProductCatalog catalog, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
            {
                await using var writer = CsvDownload.Start(context, $"flipflow-products-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv");
                await catalog.ExportCsvAsync(search, writer, cancellationToken);
                await writer.FlushAsync(cancellationToken);
            })
            .RequireAuthorization(Policies.CanView)
            .ExcludeFromDescription();
    }
}

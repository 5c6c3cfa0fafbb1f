using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Imports;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Features.Imports;

/// <summary>GET /imports/{id}/refused.csv: the rows an import did not write, with their reasons, for every role that may see imports.</summary>
public static class RefusedRowsEndpoint
{
    public static string For(long importId) => $"imports/{importId}/refused.csv";

    public static void MapRefusedRowsDownload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/imports/{id:long}/refused.csv", async (long id, InventoryImports imports, HttpContext context, CancellationToken cancellationToken) =>
            {
                if (await imports.GetAsync(id, cancellationToken) is not { } run)
                {
                    return Results.NotFound();
                }
                await using var writer = CsvDownload.Start(context, $"import-{id}-refused-{Path.GetFileNameWithoutExtension(run.FileName)}.csv");
                await imports.WriteSetAsideCsvAsync(id, writer, cancellationToken);
                await writer.FlushAsync(cancellationToken);
                return Results.Empty;
            })
            .RequireAuthorization(Policies.CanView)
            .ExcludeFromDescription();
    }
}

using FlipFlow.Infrastructure.Imports;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Features.Imports;

/// <summary>
/// Tells the import pages when an import moved: the newest imports' status and progress, read every second while a page
/// listens. An import may run in another process, so its progress is read from the database, once for every open page.
/// </summary>
public sealed class ImportsMonitor(InventoryImports imports, TimeProvider clock, ILogger<ImportsMonitor> logger)
    : ChangeMonitor(TimeSpan.FromSeconds(1), clock, logger)
{
    private const int Watched = 50;

    protected override string Outage => "The import pages cannot read the imports";

    protected override async Task<string> ReadFingerprintAsync(CancellationToken cancellationToken)
    {
        var (newest, _) = await imports.ListAsync(0, Watched, cancellationToken);
        return string.Join(";", newest.Select(run => $"{run.Id}:{run.Status}:{run.ProcessedRows}:{run.TotalRows}"));
    }
}

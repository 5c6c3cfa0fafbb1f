using FlipFlow.Infrastructure.Imports;

namespace FlipFlow.Web.Features.Imports;

/// <summary>
/// Tells the import pages when an import moved: every <see cref="Interval"/>, and only while a page listens, it reads the
/// newest imports' status and progress and raises <see cref="Changed"/> when they differ from the last read. An import
/// may run in another process, so its progress is read from the database, once for every open page.
/// </summary>
public sealed class ImportsMonitor(InventoryImports imports, TimeProvider clock, ILogger<ImportsMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int Watched = 50;

    private string? lastFingerprint;
    private bool lastReadFailed;

    /// <summary>Raised on a background thread; subscribers marshal to their own context (InvokeAsync).</summary>
    public event Action? Changed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (Changed is null)
            {
                continue;
            }
            string fingerprint;
            try
            {
                var (newest, _) = await imports.ListAsync(0, Watched, stoppingToken);
                fingerprint = string.Join(";", newest.Select(run => $"{run.Id}:{run.Status}:{run.ProcessedRows}:{run.TotalRows}"));
                lastReadFailed = false;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (!lastReadFailed)
                {
                    logger.LogWarning(error, "The import pages cannot read the imports; their progress stops updating until they can.");
                    lastReadFailed = true;
                }
                continue;
            }
            if (fingerprint != lastFingerprint)
            {
                lastFingerprint = fingerprint;
                Changed?.Invoke();
            }
        }
    }
}

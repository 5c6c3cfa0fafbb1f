using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Features.Ingest;

/// <summary>
/// Tells the pages of imports from addresses when one moved: the newest imports' status and progress, read every second
/// while a page listens. The addresses are fetched by engine jobs that may run in another process, so progress is read
/// from the database, once for every open page.
/// </summary>
public sealed class IngestMonitor(IngestSessions sessions, TimeProvider clock, ILogger<IngestMonitor> logger)
    : ChangeMonitor(TimeSpan.FromSeconds(1), clock, logger)
{
    private const int Watched = 50;

    protected override string Outage => "The pages of imports from addresses cannot read the imports";

    protected override async Task<string> ReadFingerprintAsync(CancellationToken cancellationToken)
    {
        var (newest, _) = await sessions.ListAsync(0, Watched, cancellationToken);
        return string.Join(";", newest.Select(session => $"{session.Id}:{session.Status}:{session.Done}:{session.Total}"));
    }
}

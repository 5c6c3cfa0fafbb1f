using FlipFlow.Infrastructure.Jobs;

namespace FlipFlow.Web.Cli;

/// <summary>
/// The job servers run in this process by a verb that waits for work (<c>jobs trigger --wait</c>,
/// <c>batch publish --wait</c>) when no other process runs jobs, stopped again when the verb ends.
/// </summary>
internal sealed class SchedulerHere(IServiceProvider services) : IAsyncDisposable
{
    private JobServers? servers;

    public bool IsStarted => servers is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // On SQLite the servers take the one scheduler lock, so a server that starts meanwhile refuses to run a second.
        var started = services.GetRequiredService<JobServers>();
        await started.StartAsync(cancellationToken);
        servers = started;
    }

    public async ValueTask DisposeAsync()
    {
        if (servers is not null)
        {
            // Not the verb's token: a cancelled wait must still stop the servers, and let a stopping run record how it ended.
            await servers.StopAsync();
        }
    }
}

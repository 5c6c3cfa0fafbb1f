namespace FlipFlow.Web.Hosting;

/// <summary>
/// One server-side look for every open page, so pages never poll: every <see cref="Interval"/>, and only while a page
/// listens to <see cref="Changed"/>, it reads a fingerprint of what the pages show and raises <see cref="Changed"/> when it
/// differs from the last read. A failed read is logged once per outage, and the pages stop updating until a read works.
/// </summary>
public abstract class ChangeMonitor(TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    private string? lastFingerprint;
    private bool lastReadFailed;

    /// <summary>Raised on a background thread; subscribers marshal to their own context (InvokeAsync).</summary>
    public event Action? Changed;

    public TimeSpan Interval { get; } = interval;

    /// <summary>What the pages would show, as text that changes whenever it does.</summary>
    protected abstract Task<string> ReadFingerprintAsync(CancellationToken cancellationToken);

    /// <summary>What the pages cannot show while reads fail, for the log: "The jobs console cannot read the scheduler".</summary>
    protected abstract string Outage { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (Changed is not null)
            {
                await CheckAsync(stoppingToken);
            }
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        string fingerprint;
        try
        {
            fingerprint = await ReadFingerprintAsync(cancellationToken);
            if (lastReadFailed)
            {
                logger.LogInformation("Reading again after an outage ({Outage}); open pages update again.", Outage);
                lastReadFailed = false;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Said once per outage, not on every tick: the database may be briefly away or still migrating at start.
            if (!lastReadFailed)
            {
                logger.LogWarning(error, "{Outage}; open pages stop updating until it can.", Outage);
                lastReadFailed = true;
            }
            return;
        }
        if (fingerprint != lastFingerprint)
        {
            lastFingerprint = fingerprint;
            Changed?.Invoke();
        }
    }
}

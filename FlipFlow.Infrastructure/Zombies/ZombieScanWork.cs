using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>Judges every live listing with <see cref="ZombieScanner.ScanAsync"/> daily, after the 00:10 snapshots.</summary>
public sealed class ZombieScanWork(ZombieScanner scanner) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "zombie-scan",
        "Daily zombie scan",
        "Judges every live listing on its last 30 days of snapshots, its age, watchers and last sale, and keeps the verdict " +
        "(score, diagnosis, reasons) for the Zombies page. Running it again judges again.",
        "0 30 0 * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken) =>
        (await scanner.ScanAsync(cancellationToken: cancellationToken)).ToString();
}

using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Market;

/// <summary>Runs <see cref="MarketScan"/> every six hours: every connected market source, one import each.</summary>
public sealed class MarketScanWork(MarketScan scan) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "market-scan",
        "Market scan",
        "Reads every connected market source (the demo market, eBay, Blokpax) and saves its listings and sales: new ones added, " +
        "seen ones updated with their price changes and sales, actives a source no longer lists ended. One import per source, " +
        "with its counts and errors. Running it again adds no duplicate.",
        "0 20 0/6 * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var imports = await scan.ScanAsync(cancellationToken);
        foreach (var import in imports)
        {
            run.Log($"{import.Source}: {import.Seen} seen, {import.Created} new, {import.Updated} updated, {import.PriceChanges} price changes, " +
                $"{import.Ended} ended, {import.Errors} errors");
        }
        return imports.Count == 0
            ? "no market source is connected"
            : string.Join("; ", imports.Select(import => $"{import.Source} {import.Seen} seen, {import.Created} new, {import.Errors} errors"));
    }
}

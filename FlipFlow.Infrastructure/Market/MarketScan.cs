using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.RunLog;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market;

/// <summary>
/// Reads every connected <see cref="IMarketSource"/> and saves what it returned with <see cref="MarketListingUpserter"/>,
/// keeping one <see cref="MarketImport"/> per source read: its counts, and its errors. A source that fails is logged
/// in its import, raises an alert when nothing was read, and does not stop the others. Records of reads older than the
/// run log's 30 days are deleted.
/// </summary>
public sealed class MarketScan(IEnumerable<IMarketSource> sources, MarketListingUpserter upserter, IDbContextFactory<FlipFlowDbContext> contexts,
    DatabaseWriteGate writes, TimeProvider clock, IAlerts alerts)
{
    private const int ErrorTextLength = 4000;

    public async Task<IReadOnlyList<MarketImport>> ScanAsync(CancellationToken cancellationToken = default)
    {
        List<Domain.Catalog.Card> cards;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            cards = await db.Cards.AsNoTracking().OrderBy(card => card.Id).ToListAsync(cancellationToken);
        }
        var imports = new List<MarketImport>();
        foreach (var source in sources)
        {
            if (!await source.IsConnectedAsync(cancellationToken))
            {
                continue;
            }
            imports.Add(await ReadAsync(source, cards, cancellationToken));
        }
        await PruneAsync(cancellationToken);
        return imports;
    }

    /// <summary>Deletes the records of reads older than the run log's <see cref="DataRuns.RetentionDays"/> days: the listings they saved stay.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().AddDays(-DataRuns.RetentionDays);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MarketImports.Where(import => import.FinishedAt != null && import.StartedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<MarketImport> ReadAsync(IMarketSource source, IReadOnlyList<Domain.Catalog.Card> cards, CancellationToken cancellationToken)
    {
        var import = new MarketImport { Source = source.Kind, StartedAt = clock.GetUtcNow() };
        await SaveAsync(import, cancellationToken);
        var errors = new List<string>();
        try
        {
            var read = await source.ReadAsync(cards, cancellationToken);
            errors.AddRange(read.Errors);
            // A read with errors missed some of what is listed (a card or a storefront failed), so what it did not return may
            // still be active: it ends nothing.
            var result = await upserter.UpsertAsync(source.Kind, source.ListsActives && read.Errors.Count == 0, read.Listings, cards, import.StartedAt, cancellationToken);
            import.Seen = result.Seen;
            import.Created = result.Created;
            import.Updated = result.Updated;
            import.PriceChanges = result.PriceChanges;
            import.Ended = result.Ended;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            errors.Add($"{exception.GetType().Name}: {exception.Message}");
        }
        import.Errors = errors.Count;
        var text = string.Join('\n', errors);
        import.ErrorText = text.Length == 0 ? null : text.Length > ErrorTextLength ? text[..ErrorTextLength] : text;
        import.FinishedAt = clock.GetUtcNow();
        await SaveAsync(import, cancellationToken);
        if (import.Errors > 0 && import.Seen == 0)
        {
            // Nothing read at all is a failed scan; a read that missed a card or a storefront is kept with its errors, not alerted.
            await alerts.RaiseAsync(AlertKind.ScanFailed, $"scan:{source.Kind}", $"The market scan of {source.Kind} read nothing", import.ErrorText, "marketplaces",
                cancellationToken);
        }
        return import;
    }

    private async Task SaveAsync(MarketImport import, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (import.Id == 0)
        {
            db.MarketImports.Add(import);
        }
        else
        {
            db.MarketImports.Update(import);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The market imports, newest first, and the last of each source: for the scanner page and the API.</summary>
public sealed class MarketImports(IDbContextFactory<FlipFlowDbContext> contexts)
{
    public async Task<IReadOnlyList<MarketImport>> RecentAsync(int count = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MarketImports.AsNoTracking().OrderByDescending(import => import.StartedAt).ThenByDescending(import => import.Id)
            .Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>The latest import of each source that was ever read.</summary>
    public async Task<IReadOnlyList<MarketImport>> LastPerSourceAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lastIds = await db.MarketImports.GroupBy(import => import.Source).Select(group => group.Max(import => import.Id)).ToListAsync(cancellationToken);
        return await db.MarketImports.AsNoTracking().Where(import => lastIds.Contains(import.Id)).OrderBy(import => import.Source)
            .ToListAsync(cancellationToken);
    }
}

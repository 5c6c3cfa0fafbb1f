using FlipFlow.Domain.Common;
using FlipFlow.Domain.Quality;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Quality;

/// <summary>Why a fix was refused, and whether the fault is in what was asked (invalid), in the data now (conflict) or a missing fix.</summary>
public sealed class QualityFixException(string message, Refusal refusal) : Exception(message)
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>
/// The fixes that leave listings out of price figures: applied to what a check finds at that moment, in one transaction
/// with its record, and undone by bringing back exactly the listings it left out.
/// </summary>
public sealed class QualityFixes(IDbContextFactory<FlipFlowDbContext> contexts, DataQuality quality, DatabaseWriteGate writes, TimeProvider clock)
{
    private const int IdsPerStatement = 500;

    /// <summary>The fixes, newest first.</summary>
    public async Task<IReadOnlyList<QualityFix>> ListAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.QualityFixes.AsNoTracking().OrderByDescending(fix => fix.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <exception cref="QualityFixException">The check has no such fix, or finds nothing to fix.</exception>
    public async Task<QualityFix> ApplyAsync(QualityCheckKind check, string by, CancellationToken cancellationToken = default)
    {
        if (!QualityChecks.Excludable.Contains(check))
        {
            throw new QualityFixException($"The {check} check has no fix that leaves listings out of prices; give {QualityChecks.ExcludableNames}.", Refusal.Invalid);
        }
        var ids = await quality.FindListingsAsync(check, cancellationToken);
        if (ids.Count == 0)
        {
            throw new QualityFixException($"The {check} check finds nothing to fix.", Refusal.Conflict);
        }
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var fix = new QualityFix { Check = check, AppliedBy = by, AppliedAt = clock.GetUtcNow() };
        db.QualityFixes.Add(fix);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(IdsPerStatement))
        {
            fix.Listings += await db.MarketListings.Where(listing => chunk.Contains(listing.Id) && listing.ExcludedByFixId == null)
                .ExecuteUpdateAsync(set => set.SetProperty(listing => listing.ExcludedByFixId, fix.Id), cancellationToken);
        }
        if (fix.Listings == 0)
        {
            // Another fix took them all between the read and now: nothing is recorded.
            throw new QualityFixException($"The {check} check finds nothing to fix.", Refusal.Conflict);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fix;
    }

    /// <exception cref="QualityFixException">There is no such fix, or it was undone already.</exception>
    public async Task<QualityFix> UndoAsync(long id, string by, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var fix = await db.QualityFixes.FirstOrDefaultAsync(fix => fix.Id == id, cancellationToken)
            ?? throw new QualityFixException($"There is no data-quality fix {id}.", Refusal.NotFound);
        if (fix.UndoneAt is { } undone)
        {
            throw new QualityFixException($"Fix {id} was undone by {fix.UndoneBy} at {undone.UtcDateTime:yyyy-MM-dd HH:mm} UTC.", Refusal.Conflict);
        }
        await db.MarketListings.Where(listing => listing.ExcludedByFixId == id)
            .ExecuteUpdateAsync(set => set.SetProperty(listing => listing.ExcludedByFixId, (long?)null), cancellationToken);
        fix.UndoneBy = by;
        fix.UndoneAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fix;
    }
}

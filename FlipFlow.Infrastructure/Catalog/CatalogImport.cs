using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Catalog;

/// <summary>
/// What an import did, or with <see cref="DryRun"/> would do: cards added, cards whose name or card type changed, cards
/// already there as the file has them. With a problem nothing is written and the counts are 0.
/// </summary>
public sealed record CatalogImportResult(int Added, int Updated, int Unchanged, bool DryRun, IReadOnlyList<CatalogCsvProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Adds card sets to the card catalogue from a CSV (<see cref="CatalogCsv"/>): a card is its set, number and rarity; one
/// the catalogue has takes the file's name and, where the file gives one, its card type. All or nothing: a file with any
/// problem writes nothing, and the rest is written in one transaction.
/// </summary>
public sealed class CatalogImport(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes)
{
    public async Task<CatalogImportResult> ImportAsync(string csvText, bool dryRun, CancellationToken cancellationToken = default)
    {
        var parse = CatalogCsv.Parse(csvText);
        if (parse.Problems.Count > 0)
        {
            return new CatalogImportResult(0, 0, 0, dryRun, parse.Problems);
        }
        if (dryRun)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var plan = await PlanAsync(db, parse.Rows, cancellationToken);
            return new CatalogImportResult(plan.Added.Count, plan.Updated, plan.Unchanged, DryRun: true, []);
        }
        try
        {
            return await WriteAsync(parse.Rows, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process added some of these cards between this one's read and write; read again and find them there.
            return await WriteAsync(parse.Rows, cancellationToken);
        }
    }

    private async Task<CatalogImportResult> WriteAsync(IReadOnlyList<CatalogCsvRow> rows, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await PlanAsync(db, rows, cancellationToken);
        db.Cards.AddRange(plan.Added);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CatalogImportResult(plan.Added.Count, plan.Updated, plan.Unchanged, DryRun: false, []);
    }

    /// <summary>The cards to add; the tracked cards whose name or type the file changes are changed on <paramref name="db"/>.</summary>
    private static async Task<Plan> PlanAsync(FlipFlowDbContext db, IReadOnlyList<CatalogCsvRow> rows, CancellationToken cancellationToken)
    {
        var sets = rows.Select(row => row.Set).Distinct(StringComparer.Ordinal).ToList();
        var existing = (await db.Cards.Where(card => sets.Contains(card.Set)).ToListAsync(cancellationToken))
            .ToDictionary(card => (card.Set, card.Number, card.Rarity));
        var added = new List<Card>();
        int updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            if (!existing.TryGetValue((row.Set, row.Number, row.Rarity), out var card))
            {
                added.Add(new Card { Set = row.Set, Number = row.Number, Name = row.Name, Rarity = row.Rarity, CardType = row.CardType });
                continue;
            }
            // An empty card type says nothing: the one the catalogue knows is kept.
            var cardType = row.CardType ?? card.CardType;
            if (string.Equals(card.Name, row.Name, StringComparison.Ordinal) && string.Equals(card.CardType, cardType, StringComparison.Ordinal))
            {
                unchanged++;
                continue;
            }
            card.Name = row.Name;
            card.CardType = cardType;
            updated++;
        }
        return new Plan(added, updated, unchanged);
    }

    private sealed record Plan(List<Card> Added, int Updated, int Unchanged);
}

using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Catalog;

/// <summary>The card catalogue in the database: the printings FlipFlow ships, added where missing.</summary>
public sealed class CardCatalog(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes)
{
    public async Task<Card?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Cards.AsNoTracking().FirstOrDefaultAsync(card => card.Id == id, cancellationToken);
    }

    /// <summary>Cards as <see cref="CardMatching"/> reads what is typed, by number, for the card pickers.</summary>
    public async Task<IReadOnlyList<Card>> SearchAsync(string? text, int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Cards.AsNoTracking().Matching(text).OrderBy(card => card.Number).ThenBy(card => card.Rarity).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Adds the shipped printings the database does not have yet, in one transaction; returns how many it added.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await AddMissingAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two processes starting together on one database both find printings missing; the one that loses the race
            // at the unique index reads again and finds them there.
            return await AddMissingAsync(cancellationToken);
        }
    }

    private async Task<int> AddMissingAsync(CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = (await db.Cards.Select(card => new { card.Set, card.Number, card.Rarity }).ToListAsync(cancellationToken))
            .Select(card => (card.Set, card.Number, card.Rarity)).ToHashSet();
        var missing = ExistenceCatalogue.Printings.Where(card => !existing.Contains((card.Set, card.Number, card.Rarity)))
            .Select(card => new Card { Set = card.Set, Number = card.Number, Name = card.Name, Rarity = card.Rarity, CardType = card.CardType })
            .ToList();
        if (missing.Count > 0)
        {
            db.Cards.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
        }
        return missing.Count;
    }
}

using FlipFlow.Domain.Catalog;
using FlipFlow.Infrastructure.Database;

namespace FlipFlow.Tests.Market;

/// <summary>A small catalogue the market tests write themselves: every rarity, names no other card's name contains.</summary>
internal static class MarketTestCards
{
    private static readonly string[] Rarities = ["Common", "Uncommon", "Rare", "Epic", "Mythic", "Secret Mythic"];

    public static IReadOnlyList<Card> Make(int count) => Enumerable.Range(1, count).Select(index => new Card
    {
        Set = "Existence",
        Number = $"{index:D3}/401",
        Name = $"Testcard {(char)('A' + index % 26)}{(char)('a' + index / 26)}x{index:D3}",
        Rarity = Rarities[index % Rarities.Length],
    }).ToList();

    public static async Task<IReadOnlyList<Card>> SaveAsync(IServiceProvider services, int count) =>
        await Support.ServiceProviderExtensions.QueryAsync(services, async (FlipFlowDbContext db) =>
        {
            var cards = Make(count);
            db.Cards.AddRange(cards);
            await db.SaveChangesAsync();
            return cards;
        });
}

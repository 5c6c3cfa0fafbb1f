using FlipFlow.Domain.Catalog;

namespace FlipFlow.Domain.Market;

/// <summary>Reads a listing title against a card catalogue.</summary>
public sealed class TitleParser(IReadOnlyList<Card> cards)
{
    public TitleParse Parse(string title)
    {
        var card = cards.Where(card => title.Contains(card.Name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(card => card.Name.Length).FirstOrDefault();
        return new TitleParse(null, null, 1, MarketProductType.Single, null, null, false, card, card is null ? 0 : 1);
    }
}

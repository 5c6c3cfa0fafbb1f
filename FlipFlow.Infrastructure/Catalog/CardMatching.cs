using FlipFlow.Domain.Catalog;

namespace FlipFlow.Infrastructure.Catalog;

/// <summary>
/// How every card search reads what an operator types: a collector number ("143", "0143" or "143/401") finds the
/// printings of that number, anything else the cards whose number starts with it ("P-04") or whose name holds it.
/// </summary>
public static class CardMatching
{
    public static IQueryable<Card> Matching(this IQueryable<Card> cards, string? text)
    {
        var typed = text?.Trim() ?? "";
        if (typed.Length == 0)
        {
            return cards;
        }
        var number = typed.Split('/')[0].TrimStart('0');
        if (number.Length > 0 && number.All(char.IsAsciiDigit))
        {
            var padded = number.PadLeft(3, '0') + "/";
            return cards.Where(card => card.Number.StartsWith(padded));
        }
        var prefix = typed.ToUpperInvariant();
        var words = typed.ToLowerInvariant();
        return cards.Where(card => card.Number.StartsWith(prefix) || card.Name.ToLower().Contains(words));
    }
}

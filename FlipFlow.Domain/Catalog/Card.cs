namespace FlipFlow.Domain.Catalog;

/// <summary>
/// One printing in the card catalogue. Alt-art promos share their collector number with the base card and differ in
/// rarity, so a printing is its set, number and rarity together.
/// </summary>
public sealed class Card
{
    public int Id { get; set; }

    /// <summary>The set's catalogue name, e.g. "Existence".</summary>
    public required string Set { get; set; }

    /// <summary>The collector number as printed, e.g. "143/401"; numbers above the set's count are Secret Mythics.</summary>
    public required string Number { get; set; }

    public required string Name { get; set; }
    public required string Rarity { get; set; }

    /// <summary>Wonder, Item, Spell, Land…, where the catalogue knows it.</summary>
    public string? CardType { get; set; }
}

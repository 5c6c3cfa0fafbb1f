namespace FlipFlow.Domain.Catalog;

/// <summary>
/// The most a <see cref="Card"/>'s text fields hold, counted in UTF-16 code units (<see cref="string.Length"/>): the
/// columns' sizes in the database, which the catalogue's configuration takes from here.
/// </summary>
public static class CardLimits
{
    public const int Set = 100;
    public const int Number = 20;
    public const int Name = 200;
    public const int Rarity = 100;
    public const int CardType = 50;
}

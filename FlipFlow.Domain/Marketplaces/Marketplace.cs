namespace FlipFlow.Domain.Marketplaces;

/// <summary>The marketplaces FlipFlow sells on. Demo is simulated inside FlipFlow, so everything works offline.</summary>
public enum Marketplace
{
    Demo,
    Ebay,
    Etsy,
}

public static class Marketplaces
{
    public static IReadOnlyList<Marketplace> All { get; } = Enum.GetValues<Marketplace>();

    /// <summary>The lower-case name used in URLs, settings and the CLI: "demo", "ebay", "etsy".</summary>
    public static string Key(this Marketplace marketplace) => marketplace.ToString().ToLowerInvariant();

    public static string DisplayName(this Marketplace marketplace) => marketplace switch
    {
        Marketplace.Ebay => "eBay",
        _ => marketplace.ToString(),
    };

    public static bool TryParse(string? text, out Marketplace marketplace) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out marketplace) && Enum.IsDefined(marketplace);

    /// <summary>The marketplace, or an <see cref="ArgumentException"/> naming the known ones.</summary>
    public static Marketplace Parse(string? text) => TryParse(text, out var marketplace)
        ? marketplace
        : throw new ArgumentException($"No marketplace is called '{text}'. Marketplaces: {string.Join(", ", All.Select(Key))}.");
}

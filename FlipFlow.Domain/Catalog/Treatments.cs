namespace FlipFlow.Domain.Catalog;

/// <summary>
/// The fixed vocabulary of card treatments, and of the two sealed-product states. Any card treatment may carry the
/// <see cref="AltArtSuffix"/>, e.g. "Formless Foil Alt Art".
/// </summary>
public static class Treatments
{
    public const string ClassicPaper = "Classic Paper";
    public const string ClassicFoil = "Classic Foil";
    public const string FormlessFoil = "Formless Foil";
    public const string OcmSerialized = "OCM Serialized";
    public const string Stonefoil = "Stonefoil";
    public const string Prerelease = "Prerelease";
    public const string Promo = "Promo";
    public const string ProofSample = "Proof/Sample";
    public const string ErrorErrata = "Error/Errata";
    public const string Sealed = "Sealed";
    public const string OpenBox = "Open Box";
    public const string AltArtSuffix = " Alt Art";

    /// <summary>The card treatments, without the alt-art suffix.</summary>
    public static IReadOnlyList<string> Card { get; } =
        [ClassicPaper, ClassicFoil, FormlessFoil, OcmSerialized, Stonefoil, Prerelease, Promo, ProofSample, ErrorErrata];

    /// <summary>The sealed-product states.</summary>
    public static IReadOnlyList<string> SealedStates { get; } = [Sealed, OpenBox];

    /// <summary>Every value a treatment may take: each card treatment, each with the alt-art suffix, and the sealed states.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Card, .. Card.Select(treatment => treatment + AltArtSuffix), .. SealedStates];

    public static bool IsKnown(string? treatment) => treatment is not null && All.Contains(treatment, StringComparer.Ordinal);

    /// <summary>What is wrong with a treatment given as a filter or a choice, or null when it is one (or none is given).</summary>
    public static string? Problem(string? treatment) =>
        treatment is { Length: > 0 } && !IsKnown(treatment) ? $"'{treatment}' is not a treatment; give one of {string.Join(", ", All)}." : null;

    public static string WithAltArt(string treatment) =>
        treatment.EndsWith(AltArtSuffix, StringComparison.Ordinal) || SealedStates.Contains(treatment) ? treatment : treatment + AltArtSuffix;
}

using FlipFlow.Domain.Catalog;

namespace FlipFlow.Domain.Market;

/// <summary>
/// What a listing title says about what is sold. <see cref="Card"/> is null when no catalogue card is named;
/// <see cref="Treatment"/> is one of <see cref="Treatments.All"/> or null when unknown.
/// </summary>
public sealed record TitleParse(
    string? Treatment,
    string? Grading,
    int Quantity,
    MarketProductType ProductType,
    string? ProductSubtype,
    int? BundlePackCount,
    bool IsBulkLot,
    Card? Card,
    double Confidence);

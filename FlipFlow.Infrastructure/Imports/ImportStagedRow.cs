namespace FlipFlow.Infrastructure.Imports;

/// <summary>
/// A batch of an import's rows, already resolved to seller and card, written in bulk so that the inventory is
/// compared and written by a few set-based statements rather than row by row. Gone once its batch commits.
/// </summary>
internal sealed class ImportStagedRow
{
    public long Id { get; set; }
    public long ImportId { get; set; }
    public long SellerId { get; set; }
    public int CardId { get; set; }
    public required string Treatment { get; set; }
    public required string ListingId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public decimal? Price { get; set; }
    public string? Notes { get; set; }
}

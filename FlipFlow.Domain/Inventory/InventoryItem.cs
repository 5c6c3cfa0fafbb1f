namespace FlipFlow.Domain.Inventory;

/// <summary>
/// What a seller holds of one card in one treatment, on one of its platform's listings (or none): unique on the
/// seller, card, treatment and listing id. A null <see cref="Price"/> means "contact for price".
/// </summary>
public sealed class InventoryItem
{
    public const int ListingIdMaxLength = 100;
    public const int NotesMaxLength = 1000;

    public long Id { get; set; }
    public long SellerId { get; set; }
    public int CardId { get; set; }

    /// <summary>One of the treatments, or empty when the seller's SKU does not say.</summary>
    public required string Treatment { get; set; }

    /// <summary>The platform's listing id, or empty when the row names none.</summary>
    public required string ListingId { get; set; }

    /// <summary>The SKU the seller's file named it by.</summary>
    public required string Sku { get; set; }

    public int Quantity { get; set; }
    public decimal? Price { get; set; }
    public required string Currency { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset ListedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When an import last found the item in a seller's file, changed or not.</summary>
    public DateTimeOffset LastVerifiedAt { get; set; }

    /// <summary>The import that last wrote the item.</summary>
    public long? LastImportId { get; set; }

    /// <summary>The import that added the item: undoing it deletes the item.</summary>
    public long? CreatedByImportId { get; set; }
}

using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Skus;

/// <summary>Where a SKU mapping stands: mapped to a card, waiting for an operator, or refused by one.</summary>
public enum SkuMappingStatus
{
    Mapped,
    Review,
    Rejected,
}

/// <summary>
/// What one platform's SKU names: a catalogue card and treatment, how sure FlipFlow is, and whether an operator has
/// verified it. A verified mapping always wins over the resolver; one platform's SKU has one mapping.
/// </summary>
public sealed class SkuMapping
{
    public const int SkuMaxLength = 100;
    public const int NotesMaxLength = 1000;

    public long Id { get; set; }
    public MarketPlatform Platform { get; set; }

    /// <summary>The SKU as <see cref="SkuMappingRules.Key"/> writes it: trimmed and upper case, so "wotf-ex-1-nm" and "WOTF-EX-1-NM" are one SKU.</summary>
    public required string ExternalSku { get; set; }

    public int? CardId { get; set; }

    /// <summary>One of the treatments, or null when the SKU does not say.</summary>
    public string? Treatment { get; set; }

    /// <summary>0 to 1: the resolver's, or 1 once an operator has verified the mapping.</summary>
    public double Confidence { get; set; }

    public SkuMappingStatus Status { get; set; }
    public bool Verified { get; set; }

    /// <summary>The second-best card when another one competes, for the operator to compare.</summary>
    public int? RunnerUpCardId { get; set; }

    /// <summary>Why the resolver decided as it did, or the operator's last decision.</summary>
    public required string Reason { get; set; }

    /// <summary>A title seen with the SKU, which the resolver may read when the SKU alone names no card.</summary>
    public string? SampleTitle { get; set; }

    /// <summary>How many imported rows have carried this SKU.</summary>
    public int RowsSeen { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? VerifiedBy { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public string? Notes { get; set; }

    /// <summary>The <c>SkuResolver.Version</c> that proposed the mapping; "operator" once a person chose it.</summary>
    public required string ResolverVersion { get; set; }
}

/// <summary>What an operator did to a mapping.</summary>
public enum SkuDecisionAction
{
    Approved,
    Rejected,
    Changed,
}

/// <summary>One operator decision on a mapping, kept for its history: who, when, and the card and treatment chosen.</summary>
public sealed class SkuMappingDecision
{
    public long Id { get; set; }
    public long MappingId { get; set; }
    public SkuDecisionAction Action { get; set; }
    public int? CardId { get; set; }
    public string? Treatment { get; set; }
    public required string DecidedBy { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public string? Notes { get; set; }
}

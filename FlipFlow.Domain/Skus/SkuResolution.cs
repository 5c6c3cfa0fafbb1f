using FlipFlow.Domain.Catalog;

namespace FlipFlow.Domain.Skus;

public enum SkuStatus
{
    Mapped,
    Review,
    Unmapped,
}

/// <summary>
/// What the resolver made of a SKU. Card is null when none is proposed; RunnerUp is the second-best card when one
/// competes; Treatment is one of the treatments or null; Confidence is 0 to 1; Reason is a sentence for an operator.
/// </summary>
public sealed record SkuResolution(SkuStatus Status, Card? Card, string? Treatment, double Confidence, string Reason, Card? RunnerUp, string? UnknownCode);

namespace FlipFlow.Domain.Common;

/// <summary>
/// Why a feature service refused an action, so every caller answers alike: the console shows the message, a CLI verb
/// prints it, and the API picks its status from this (400, 404 or 409).
/// </summary>
public enum Refusal
{
    /// <summary>What was asked for is wrong in itself: a value out of range, a field missing.</summary>
    Invalid,

    /// <summary>What was asked for is sound, but the data as it stands does not allow it now (a SKU taken, a batch still running).</summary>
    Conflict,

    /// <summary>What it would act on does not exist.</summary>
    NotFound,
}

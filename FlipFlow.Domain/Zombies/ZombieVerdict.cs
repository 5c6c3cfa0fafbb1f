namespace FlipFlow.Domain.Zombies;

/// <summary>What judging a listing concluded.</summary>
public enum ZombieOutcome
{
    /// <summary>Judged and found dead.</summary>
    Zombie,

    /// <summary>Judged and found alive: too young for the age rule or too many views.</summary>
    Healthy,

    /// <summary>Not judged: younger than <see cref="ZombieRules.GraceDays"/>.</summary>
    TooYoung,

    /// <summary>Not judged: sold within <see cref="ZombieRules.NoSaleDays"/>.</summary>
    SoldRecently,

    /// <summary>Not judged: snoozed until a later instant.</summary>
    Snoozed,
}

/// <summary>
/// The verdict on one listing. A zombie has a <see cref="Score"/> and a <see cref="Diagnosis"/>; anything else has
/// neither. <see cref="Reasons"/> always says why in words: the figures behind a zombie
/// ("listed 94 days, 3 views in 30 days, 0 watchers, 450 impressions in 30 days"), or what spared the listing
/// ("sold 5 days ago (within 60 days)").
/// </summary>
public sealed record ZombieVerdict
{
    private ZombieVerdict(long listingId, ZombieOutcome outcome, int? score, ZombieDiagnosis? diagnosis, string reasons)
    {
        ListingId = listingId;
        Outcome = outcome;
        Score = score;
        Diagnosis = diagnosis;
        Reasons = reasons;
    }

    public long ListingId { get; }

    public ZombieOutcome Outcome { get; }

    public bool IsZombie => Outcome is ZombieOutcome.Zombie;

    /// <summary>0 to 100, higher is deader (see <see cref="ZombieScorer"/>); null unless a zombie.</summary>
    public int? Score { get; }

    /// <summary>Null unless a zombie.</summary>
    public ZombieDiagnosis? Diagnosis { get; }

    public string Reasons { get; }

    internal static ZombieVerdict Zombie(long listingId, int score, ZombieDiagnosis diagnosis, string reasons) =>
        new(listingId, ZombieOutcome.Zombie, score, diagnosis, reasons);

    internal static ZombieVerdict Spared(long listingId, ZombieOutcome outcome, string reasons) =>
        new(listingId, outcome, null, null, reasons);
}

namespace FlipFlow.Domain.Zombies;

/// <summary>
/// Why a zombie is not selling, and so what to do. <see cref="ZombieScorer"/> picks the first that fits, in
/// this order:
/// <list type="number">
/// <item><see cref="WatchedNotBought"/>: it has at least one watcher. Buyers are already in hand and an offer
/// is the cheapest, quickest action, so this wins even when search shows it little.</item>
/// <item><see cref="BarelyShown"/>: impressions are known and at most <see cref="ZombieRules.FewImpressions"/>.</item>
/// <item><see cref="SeenNotClicked"/>: impressions are known and more than that, views are known, and views per
/// impression are below <see cref="ZombieRules.LowClickThrough"/>.</item>
/// <item><see cref="OldAndUnsold"/>: the rest, including every case where the figures needed above are missing:
/// without impressions it is never called barely shown or unclicked, without watchers never watched.</item>
/// </list>
/// </summary>
public enum ZombieDiagnosis
{
    BarelyShown,
    SeenNotClicked,
    WatchedNotBought,
    OldAndUnsold,
}

public static class ZombieDiagnosisWords
{
    /// <summary>The diagnosis and its remedy in words, as the console shows them.</summary>
    public static string Describe(this ZombieDiagnosis diagnosis) => diagnosis switch
    {
        ZombieDiagnosis.BarelyShown => "barely shown in search",
        ZombieDiagnosis.SeenNotClicked => "seen but not clicked: fix title or photo",
        ZombieDiagnosis.WatchedNotBought => "watched but not bought: send an offer",
        ZombieDiagnosis.OldAndUnsold => "old and unsold: reprice or resurrect",
        _ => throw new ArgumentOutOfRangeException(nameof(diagnosis), diagnosis, "Unknown zombie diagnosis."),
    };
}

namespace FlipFlow.Web.Features.Zombies;

public enum ZombieActionKind
{
    Reprice,
    Offer,
    Snooze,
}

/// <summary>What <see cref="ZombieActionDialog"/> asked for.</summary>
public sealed record ZombieActionInput(decimal Percent, decimal Floor, int Days);

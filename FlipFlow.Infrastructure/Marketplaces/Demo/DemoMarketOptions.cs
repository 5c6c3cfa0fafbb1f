namespace FlipFlow.Infrastructure.Marketplaces.Demo;

/// <summary>How the Demo marketplace misbehaves, so FlipFlow's retries are exercised offline: Marketplaces:Demo:Market.</summary>
public sealed class DemoMarketOptions
{
    public const string Section = "Marketplaces:Demo:Market";

    /// <summary>The share of calls that fail as a marketplace's would: a 503 before acting, or a lost answer after acting.</summary>
    public double FailureRate { get; set; } = 0.02;

    /// <summary>Calls per second the market takes before it answers 429 with Retry-After; 0 for no limit.</summary>
    public int RateLimitPerSecond { get; set; } = 250;

    /// <summary>Seeds the market's randomness, so a run can be repeated; none for a different one each start.</summary>
    public int? Seed { get; set; }
}

using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Ingest;

/// <summary>
/// How imports from addresses fetch and what they keep (section <c>Ingestion</c>, checked at start): how hard one site
/// is asked, how many addresses are fetched at once, and how long fetched pages are kept.
/// </summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>How many fetches of one host may run at once (default 2): a shop's server is not a CDN.</summary>
    public int PerHostConcurrency { get; set; } = 2;

    /// <summary>
    /// How many fetches of one host may start per second (default 2, so one every half second). A robots.txt
    /// Crawl-delay that asks for a longer pause wins.
    /// </summary>
    public double PerHostRequestsPerSecond { get; set; } = 2.0;

    /// <summary>The least change of a listing's price, in percent of the old one, that is recorded as a price change (default 5).</summary>
    public decimal PriceChangeThresholdPercent { get; set; } = 5;

    /// <summary>How many days a fetched page's body is kept to show what a listing was read from (default 30).</summary>
    public int PayloadRetentionDays { get; set; } = 30;

    /// <summary>How many addresses one process fetches at once, over all hosts (default 20).</summary>
    public int Workers { get; set; } = 20;

    /// <summary>
    /// How many workers one process keeps for imports given a priority and for queueing an import's addresses (default 4),
    /// apart from <see cref="Workers"/>, so that neither waits behind a long import.
    /// </summary>
    public int FirstWorkers { get; set; } = 4;

    /// <summary>How many minutes a site's robots.txt is kept before it is read again (default 60).</summary>
    public int RobotsCacheMinutes { get; set; } = 60;

    public TimeSpan RobotsCacheTime => TimeSpan.FromMinutes(RobotsCacheMinutes);

    /// <summary>What is wrong with the settings, one sentence each; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PerHostConcurrency is < 1 or > 50)
        {
            problems.Add($"{Section}:PerHostConcurrency is {PerHostConcurrency}; it must be between 1 and 50 (the default is 2).");
        }
        if (!double.IsFinite(PerHostRequestsPerSecond) || PerHostRequestsPerSecond <= 0 || PerHostRequestsPerSecond > 100)
        {
            problems.Add($"{Section}:PerHostRequestsPerSecond is {PerHostRequestsPerSecond}; it must be more than 0 and at most 100 (the default is 2).");
        }
        if (PriceChangeThresholdPercent is < 0 or > 100)
        {
            problems.Add($"{Section}:PriceChangeThresholdPercent is {PriceChangeThresholdPercent}; it must be between 0 and 100 (the default is 5).");
        }
        if (PayloadRetentionDays is < 1 or > 3650)
        {
            problems.Add($"{Section}:PayloadRetentionDays is {PayloadRetentionDays}; it must be between 1 and 3650 (the default is 30).");
        }
        if (Workers is < 1 or > 500)
        {
            problems.Add($"{Section}:Workers is {Workers}; it must be between 1 and 500 (the default is 20).");
        }
        if (FirstWorkers is < 1 or > 100)
        {
            problems.Add($"{Section}:FirstWorkers is {FirstWorkers}; it must be between 1 and 100 (the default is 4).");
        }
        if (RobotsCacheMinutes is < 1 or > 10080)
        {
            problems.Add($"{Section}:RobotsCacheMinutes is {RobotsCacheMinutes}; it must be between 1 and 10080, a week (the default is 60).");
        }
        return problems;
    }
}

/// <summary>Refuses to start with ingestion settings that make no sense, naming each one.</summary>
internal sealed class IngestionOptionsValidation : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

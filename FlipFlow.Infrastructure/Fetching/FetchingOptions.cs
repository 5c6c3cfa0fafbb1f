using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Fetching;

/// <summary>
/// The limits of every server-side fetch of an address a user gave (section <c>Fetching</c>, checked at start):
/// product images and listing pages.
/// </summary>
public sealed partial class FetchingOptions
{
    public const string Section = "Fetching";

    /// <summary>
    /// Whether fetches may reach private, loopback, link-local and other non-public addresses (default false).
    /// Only for a FlipFlow whose image server sits on its own network, or for tests: with it on, anyone who may
    /// edit a product can make the server reach that network.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The largest body one fetch reads, in bytes (default 20 MB, 20,971,520 bytes): a product photo is well under it.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long one fetch may take from its first request to its last byte, redirects included (default 30 seconds).</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>How many redirects one fetch follows (default 5); each one's address is checked again.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Host names answered from here before DNS, each with its address (e.g. "www.ebay.com": "10.0.0.5"): a mirror on your
    /// own network, or a test server. The address is judged like any other, so a private one also needs AllowPrivateAddresses.
    /// </summary>
    public Dictionary<string, string> HostAddresses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The User-Agent every fetch sends (default "FlipFlow/1.0 (listing tracker; honours robots.txt)"). Its first word is
    /// the name robots.txt rules for FlipFlow are read under.
    /// </summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    public const string DefaultUserAgent = "FlipFlow/1.0 (listing tracker; honours robots.txt)";

    /// <summary>The product name robots.txt groups are matched against: "FlipFlow" for the default <see cref="UserAgent"/>.</summary>
    public string ProductToken => UserAgent.Split(' ', 2)[0].Split('/', 2)[0];

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>What is wrong with the settings, one sentence each; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxBytes < 1)
        {
            problems.Add($"{Section}:MaxBytes is {MaxBytes}; it must be at least 1 byte (the default is {20 * 1024 * 1024}, 20 MB).");
        }
        if (!double.IsFinite(TimeoutSeconds) || TimeoutSeconds <= 0 || TimeoutSeconds > 3600)
        {
            problems.Add($"{Section}:TimeoutSeconds is {TimeoutSeconds}; it must be more than 0 and at most 3600 (the default is 30).");
        }
        if (MaxRedirects is < 0 or > 20)
        {
            problems.Add($"{Section}:MaxRedirects is {MaxRedirects}; it must be between 0 and 20 (the default is 5).");
        }
        foreach (var (host, address) in HostAddresses)
        {
            if (!System.Net.IPAddress.TryParse(address, out _))
            {
                problems.Add($"{Section}:HostAddresses:{host} is \"{address}\"; it must be an IPv4 or IPv6 address.");
            }
        }
        if (string.IsNullOrWhiteSpace(UserAgent) || !ProductName().IsMatch(UserAgent.Split(' ', 2)[0]))
        {
            problems.Add($"{Section}:UserAgent is \"{UserAgent}\"; it must start with a product name of letters, \"_\" and \"-\", such as FlipFlow/1.0 (the default is \"{DefaultUserAgent}\").");
        }
        return problems;
    }

    /// <summary>A product name as RFC 9309 has it (letters, "_" and "-"), with an optional version.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_-]+(/[!-~]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ProductName();
}

/// <summary>Refuses to start with fetching settings that make no sense, naming each one.</summary>
internal sealed class FetchingOptionsValidation : IValidateOptions<FetchingOptions>
{
    public ValidateOptionsResult Validate(string? name, FetchingOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

using FlipFlow.Domain.Market;

namespace FlipFlow.Infrastructure.Market;

/// <summary>
/// How FlipFlow reaches one market source: its settings in the clear, its secrets and current access token
/// protected with ASP.NET Core Data Protection, what the account may read, and how the last calls went.
/// </summary>
public sealed class MarketSourceConnection
{
    public MarketSourceKind Source { get; set; }
    public bool Enabled { get; set; }

    /// <summary>Settings that are not secret (client id, base addresses, marketplace id), by field name.</summary>
    public Dictionary<string, string> Settings { get; set; } = [];

    /// <summary>The secrets, by field name, as one protected JSON document: never shown again once saved.</summary>
    public string? ProtectedSecrets { get; set; }

    public string? ProtectedAccessToken { get; set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }

    /// <summary>Why the account cannot read this source although it is connected, e.g. no Marketplace Insights access.</summary>
    public string? AccessNote { get; set; }

    public DateTimeOffset? LastCallAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

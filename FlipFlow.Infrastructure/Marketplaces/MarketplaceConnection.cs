using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Marketplaces;

/// <summary>
/// How FlipFlow reaches one marketplace account: its settings in the clear, its secrets (client secret, refresh
/// token) and its current access token protected with ASP.NET Core Data Protection, and how the last calls went.
/// </summary>
public sealed class MarketplaceConnection
{
    public Marketplace Marketplace { get; set; }

    /// <summary>Settings that are not secret (client id, shop id, base addresses), by field name.</summary>
    public Dictionary<string, string> Settings { get; set; } = [];

    /// <summary>The secrets, by field name, as one protected JSON document: never shown again once saved.</summary>
    public string? ProtectedSecrets { get; set; }

    public string? ProtectedAccessToken { get; set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }
    public DateTimeOffset? LastCallAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

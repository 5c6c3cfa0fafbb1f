using System.Text.Json;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market.Sources;

/// <summary>What connecting a market source takes: the fields an Admin enters, secret ones write-only.</summary>
public sealed record MarketSourceDescriptor(MarketSourceKind Kind, string DisplayName, IReadOnlyList<ConnectionField> Fields);

/// <summary>A market source's connection as the console shows it: never its secrets, only which are set.</summary>
public sealed record MarketSourceState(
    MarketSourceDescriptor Descriptor,
    ConnectionHealth Health,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyCollection<string> SecretsSet,
    string? AccessNote,
    DateTimeOffset? LastCallAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy)
{
    public MarketSourceKind Kind => Descriptor.Kind;
}

/// <summary>
/// The connections of the market sources that need one (eBay Browse, eBay Marketplace Insights, Blokpax): what an
/// Admin enters, secrets protected at rest with Data Protection, the cached access token, the account's access note
/// and how the last calls went. Kept apart from the marketplace connections: watching the market needs no seller
/// account.
/// </summary>
public sealed class MarketSourceConnections(
    IDbContextFactory<FlipFlowDbContext> contexts,
    IEnumerable<MarketSourceDescriptor> descriptors,
    IDataProtectionProvider protection,
    TimeProvider clock)
{
    private readonly IDataProtector protector = protection.CreateProtector("FlipFlow.Market.SourceConnections");

    public IReadOnlyList<MarketSourceDescriptor> Descriptors { get; } = descriptors.OrderBy(descriptor => descriptor.Kind).ToList();

    public MarketSourceDescriptor Describe(MarketSourceKind kind) =>
        Descriptors.FirstOrDefault(descriptor => descriptor.Kind == kind)
        ?? throw new InvalidOperationException($"The market source {kind} is not registered.");

    public async Task<IReadOnlyList<MarketSourceState>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.MarketSourceConnections.AsNoTracking().ToListAsync(cancellationToken);
        return Descriptors.Select(descriptor => State(descriptor, rows.FirstOrDefault(row => row.Source == descriptor.Kind))).ToList();
    }

    public async Task<MarketSourceState> GetAsync(MarketSourceKind kind, CancellationToken cancellationToken = default)
    {
        var descriptor = Describe(kind);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MarketSourceConnections.AsNoTracking().FirstOrDefaultAsync(row => row.Source == kind, cancellationToken);
        return State(descriptor, row);
    }

    /// <summary>
    /// Saves what an Admin entered and enables the source. A secret left empty keeps the one saved before; every
    /// required field must end up with a value. Clears the cached token and the access note, so the next read signs
    /// in with what was entered and finds out afresh what the account may read.
    /// </summary>
    public async Task SaveAsync(MarketSourceKind kind, IReadOnlyDictionary<string, string?> values, string user,
        CancellationToken cancellationToken = default)
    {
        var descriptor = Describe(kind);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MarketSourceConnections.FirstOrDefaultAsync(row => row.Source == kind, cancellationToken);
        var secrets = row is null ? [] : Unprotect(row.ProtectedSecrets);
        var settings = new Dictionary<string, string>();
        var errors = new Dictionary<string, string>();
        foreach (var field in descriptor.Fields)
        {
            var entered = values.TryGetValue(field.Name, out var value) ? value?.Trim() : null;
            if (field.Secret)
            {
                if (!string.IsNullOrEmpty(entered))
                {
                    secrets[field.Name] = entered;
                }
                if (field.Required && !secrets.ContainsKey(field.Name))
                {
                    errors[field.Name] = $"{field.Label} is required.";
                }
                continue;
            }
            entered = string.IsNullOrEmpty(entered) ? field.Default : entered;
            if (!string.IsNullOrEmpty(entered))
            {
                if (field.Name.EndsWith("BaseUrl", StringComparison.Ordinal)
                    && !(Uri.TryCreate(entered, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp)))
                {
                    errors[field.Name] = $"{field.Label} must be an http or https address.";
                    continue;
                }
                settings[field.Name] = entered;
            }
            else if (field.Required)
            {
                errors[field.Name] = $"{field.Label} is required.";
            }
        }
        if (errors.Count > 0)
        {
            throw new ConnectionValidationException(errors);
        }
        if (row is null)
        {
            row = new MarketSourceConnection { Source = kind };
            db.MarketSourceConnections.Add(row);
        }
        row.Enabled = true;
        row.Settings = settings;
        row.ProtectedSecrets = protector.Protect(JsonSerializer.Serialize(secrets));
        row.ProtectedAccessToken = null;
        row.AccessTokenExpiresAt = null;
        row.AccessNote = null;
        row.LastError = null;
        row.LastErrorAt = null;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = user;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Forgets the connection's settings, secrets, token and history: the source is no longer read.</summary>
    public async Task DisconnectAsync(MarketSourceKind kind, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MarketSourceConnections.Where(row => row.Source == kind).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The credentials in the clear, for the source's client only; null when not connected or disabled.</summary>
    public async Task<MarketplaceCredentials?> ReadCredentialsAsync(MarketSourceKind kind, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MarketSourceConnections.AsNoTracking().FirstOrDefaultAsync(row => row.Source == kind, cancellationToken);
        if (row is not { Enabled: true, ProtectedSecrets: not null })
        {
            return null;
        }
        var token = row.ProtectedAccessToken is null ? null : protector.Unprotect(row.ProtectedAccessToken);
        return new MarketplaceCredentials(row.Settings, Unprotect(row.ProtectedSecrets), token, row.AccessTokenExpiresAt);
    }

    public async Task<bool> IsConnectedAsync(MarketSourceKind kind, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MarketSourceConnections.AnyAsync(row => row.Source == kind && row.Enabled && row.ProtectedSecrets != null, cancellationToken);
    }

    /// <summary>Keeps a fresh access token (protected) until it expires, so each read need not sign in again.</summary>
    public async Task StoreAccessTokenAsync(MarketSourceKind kind, string accessToken, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var protectedToken = protector.Protect(accessToken);
        await db.MarketSourceConnections.Where(row => row.Source == kind).ExecuteUpdateAsync(update => update
            .SetProperty(row => row.ProtectedAccessToken, protectedToken)
            .SetProperty(row => row.AccessTokenExpiresAt, expiresAt), cancellationToken);
    }

    /// <summary>Says why the account cannot read the source although it is connected (null: it can).</summary>
    public async Task SetAccessNoteAsync(MarketSourceKind kind, string? note, CancellationToken cancellationToken = default)
    {
        var text = note is { Length: > 500 } ? note[..500] : note;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MarketSourceConnections.Where(row => row.Source == kind).ExecuteUpdateAsync(update => update
            .SetProperty(row => row.AccessNote, text), cancellationToken);
    }

    /// <summary>Records how a read went, for the Marketplaces page: null error for success.</summary>
    public async Task RecordCallAsync(MarketSourceKind kind, string? error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.MarketSourceConnections.Where(row => row.Source == kind);
        if (error is not null)
        {
            var message = error.Length > 1000 ? error[..1000] : error;
            await rows.ExecuteUpdateAsync(update => update
                .SetProperty(row => row.LastCallAt, now)
                .SetProperty(row => row.LastErrorAt, now)
                .SetProperty(row => row.LastError, message), cancellationToken);
        }
        else
        {
            await rows.ExecuteUpdateAsync(update => update
                .SetProperty(row => row.LastCallAt, now)
                .SetProperty(row => row.LastSuccessAt, now), cancellationToken);
        }
    }

    private MarketSourceState State(MarketSourceDescriptor descriptor, MarketSourceConnection? row)
    {
        if (row is not { Enabled: true, ProtectedSecrets: not null })
        {
            return new MarketSourceState(descriptor, ConnectionHealth.NotConfigured, new Dictionary<string, string>(), [], null,
                null, null, null, null, row?.UpdatedAt, row?.UpdatedBy);
        }
        var failing = row.LastErrorAt is { } errorAt && (row.LastSuccessAt is not { } successAt || errorAt > successAt);
        return new MarketSourceState(descriptor, failing ? ConnectionHealth.Failing : ConnectionHealth.Connected, row.Settings,
            Unprotect(row.ProtectedSecrets).Keys.ToList(), row.AccessNote, row.LastCallAt, row.LastSuccessAt, row.LastErrorAt,
            row.LastError, row.UpdatedAt, row.UpdatedBy);
    }

    private Dictionary<string, string> Unprotect(string? protectedSecrets) => protectedSecrets is null
        ? []
        : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(protectedSecrets)) ?? [];
}

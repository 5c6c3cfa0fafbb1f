using System.Collections.Concurrent;
using System.Text.Json;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Marketplaces;

public enum ConnectionHealth
{
    NotConfigured,
    Connected,
    Failing,
}

public static class ConnectionHealthWords
{
    /// <summary>The state as the console and the command line word it.</summary>
    public static string Describe(this ConnectionHealth health) => health switch
    {
        ConnectionHealth.NotConfigured => "Not configured",
        _ => health.ToString(),
    };
}

/// <summary>A connection as the console shows it: never its secrets, only which are set.</summary>
public sealed record ConnectionState(
    MarketplaceDescriptor Descriptor,
    ConnectionHealth Health,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyCollection<string> SecretsSet,
    DateTimeOffset? TokenExpiresAt,
    DateTimeOffset? LastCallAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy)
{
    public Marketplace Marketplace => Descriptor.Marketplace;
}

/// <summary>What a marketplace client needs to make calls: settings, secrets and the cached access token, in the clear.</summary>
public sealed record MarketplaceCredentials(
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Secrets,
    string? AccessToken,
    DateTimeOffset? AccessTokenExpiresAt)
{
    public string? Setting(string name) => Settings.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string? Secret(string name) => Secrets.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

/// <summary>Field-level problems with what an Admin entered, by field name.</summary>
public sealed class ConnectionValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Select(error => $"{error.Key}: {error.Value}")))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>
/// The marketplace connections: what Admins enter on the Marketplaces page, protected at rest with Data
/// Protection, and what the clients record of their calls (last call, last error, token expiry).
/// </summary>
public sealed class MarketplaceConnections(
    IDbContextFactory<FlipFlowDbContext> contexts,
    IEnumerable<MarketplaceDescriptor> descriptors,
    IDataProtectionProvider protection,
    TimeProvider clock)
{
    /// <summary>Calls are recorded at most this often per marketplace, and whenever success turns to failure or back.</summary>
    private static readonly TimeSpan CallRecordInterval = TimeSpan.FromSeconds(5);

    private readonly IDataProtector protector = protection.CreateProtector("FlipFlow.Marketplaces.Connections");
    private readonly ConcurrentDictionary<Marketplace, (DateTimeOffset At, bool Failed)> lastRecorded = new();

    /// <summary>Lets one call at a time add a marketplace's first connection row (Demo's, on its first call).</summary>
    private readonly SemaphoreSlim firstRow = new(1, 1);

    public IReadOnlyList<MarketplaceDescriptor> Descriptors { get; } = descriptors.OrderBy(descriptor => descriptor.Marketplace).ToList();

    public MarketplaceDescriptor Describe(Marketplace marketplace) =>
        Descriptors.FirstOrDefault(descriptor => descriptor.Marketplace == marketplace)
        ?? throw new InvalidOperationException($"{marketplace.DisplayName()} is not registered.");

    public async Task<IReadOnlyList<ConnectionState>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.MarketplaceConnections.AsNoTracking().ToListAsync(cancellationToken);
        return Descriptors.Select(descriptor => State(descriptor, rows.FirstOrDefault(row => row.Marketplace == descriptor.Marketplace))).ToList();
    }

    public async Task<ConnectionState> GetAsync(Marketplace marketplace, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MarketplaceConnections.AsNoTracking().FirstOrDefaultAsync(row => row.Marketplace == marketplace, cancellationToken);
        return State(Describe(marketplace), row);
    }

    /// <summary>
    /// Saves what an Admin entered. A secret left empty keeps the one saved before; every required field must end
    /// up with a value. Clears the cached access token, so the next call signs in with what was entered.
    /// </summary>
    public async Task SaveAsync(Marketplace marketplace, IReadOnlyDictionary<string, string?> values, string user,
        CancellationToken cancellationToken = default)
    {
        var descriptor = Describe(marketplace);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MarketplaceConnections.FirstOrDefaultAsync(row => row.Marketplace == marketplace, cancellationToken);
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
            row = new MarketplaceConnection { Marketplace = marketplace };
            db.MarketplaceConnections.Add(row);
        }
        row.Settings = settings;
        row.ProtectedSecrets = protector.Protect(JsonSerializer.Serialize(secrets));
        row.ProtectedAccessToken = null;
        row.AccessTokenExpiresAt = null;
        row.LastError = null;
        row.LastErrorAt = null;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = user;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Forgets the connection's settings, secrets and token.</summary>
    public async Task DisconnectAsync(Marketplace marketplace, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MarketplaceConnections.Where(row => row.Marketplace == marketplace).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The credentials in the clear, for the marketplace's client only; null when not configured.</summary>
    public async Task<MarketplaceCredentials?> ReadCredentialsAsync(Marketplace marketplace, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MarketplaceConnections.AsNoTracking().FirstOrDefaultAsync(row => row.Marketplace == marketplace, cancellationToken);
        if (row?.ProtectedSecrets is null)
        {
            return null;
        }
        var token = row.ProtectedAccessToken is null ? null : protector.Unprotect(row.ProtectedAccessToken);
        return new MarketplaceCredentials(row.Settings, Unprotect(row.ProtectedSecrets), token, row.AccessTokenExpiresAt);
    }

    /// <summary>Keeps a fresh access token (protected) until it expires, so each call need not sign in again.</summary>
    public async Task StoreAccessTokenAsync(Marketplace marketplace, string accessToken, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var protectedToken = protector.Protect(accessToken);
        await db.MarketplaceConnections.Where(row => row.Marketplace == marketplace).ExecuteUpdateAsync(update => update
            .SetProperty(row => row.ProtectedAccessToken, protectedToken)
            .SetProperty(row => row.AccessTokenExpiresAt, expiresAt), cancellationToken);
    }

    /// <summary>Replaces one secret, for marketplaces that issue a new refresh token with each access token.</summary>
    public async Task UpdateSecretAsync(Marketplace marketplace, string name, string value, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.MarketplaceConnections.FirstOrDefaultAsync(row => row.Marketplace == marketplace, cancellationToken)
            ?? throw new InvalidOperationException($"{marketplace.DisplayName()} is not connected.");
        var secrets = Unprotect(row.ProtectedSecrets);
        secrets[name] = value;
        row.ProtectedSecrets = protector.Protect(JsonSerializer.Serialize(secrets));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records how a call went, for the Marketplaces page and the dashboard: null error for success.</summary>
    public async Task RecordCallAsync(Marketplace marketplace, string? error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var failed = error is not null;
        if (lastRecorded.TryGetValue(marketplace, out var last) && last.Failed == failed && now - last.At < CallRecordInterval)
        {
            return;
        }
        lastRecorded[marketplace] = (now, failed);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.MarketplaceConnections.Where(row => row.Marketplace == marketplace);
        if (!Describe(marketplace).NeedsCredentials && !await rows.AnyAsync(cancellationToken))
        {
            await firstRow.WaitAsync(cancellationToken);
            try
            {
                if (!await rows.AnyAsync(cancellationToken))
                {
                    db.MarketplaceConnections.Add(new MarketplaceConnection { Marketplace = marketplace });
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
            catch (DbUpdateException)
            {
                // Another process added the row first: it is there, which is all this wanted.
                db.ChangeTracker.Clear();
            }
            finally
            {
                firstRow.Release();
            }
        }
        if (failed)
        {
            var message = error!.Length > 1000 ? error[..1000] : error;
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

    private ConnectionState State(MarketplaceDescriptor descriptor, MarketplaceConnection? row)
    {
        if (!descriptor.NeedsCredentials)
        {
            return new ConnectionState(descriptor, ConnectionHealth.Connected, new Dictionary<string, string>(), [], null,
                row?.LastCallAt, row?.LastErrorAt, row?.LastError, row?.UpdatedAt, row?.UpdatedBy);
        }
        if (row?.ProtectedSecrets is null)
        {
            return new ConnectionState(descriptor, ConnectionHealth.NotConfigured, new Dictionary<string, string>(), [], null,
                null, null, null, null, null);
        }
        var failing = row.LastErrorAt is { } errorAt && (row.LastSuccessAt is not { } successAt || errorAt > successAt);
        return new ConnectionState(descriptor, failing ? ConnectionHealth.Failing : ConnectionHealth.Connected, row.Settings,
            Unprotect(row.ProtectedSecrets).Keys.ToList(), row.AccessTokenExpiresAt, row.LastCallAt, row.LastErrorAt, row.LastError,
            row.UpdatedAt, row.UpdatedBy);
    }

    private Dictionary<string, string> Unprotect(string? protectedSecrets) => protectedSecrets is null
        ? []
        : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(protectedSecrets)) ?? [];
}

using FlipFlow.Domain.ApiKeys;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Security.ApiKeys;

/// <summary>
/// Tells whether a presented API key is a live one: well formed, known by its prefix, its secret matching the stored
/// hash, not revoked. Records when the key was last used, at most once per <see cref="ApiKeyRules.LastUsedPrecision"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    /// <summary>The key <paramref name="presented"/> is, or null when it is malformed, unknown, wrong or revoked.</summary>
    public async Task<ApiKeySummary?> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyMaterial.TryParse(presented, out var material))
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(candidate => candidate.Prefix == material.Prefix, cancellationToken);
        if (key is null || !material.Matches(key.SecretHash) || key.RevokedAt is not null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (ApiKeyRules.ShouldRecordUse(key.LastUsedAt, now))
        {
            // Conditional, so that of several processes or requests seeing the same stale time only one writes.
            var before = now - ApiKeyRules.LastUsedPrecision;
            await db.ApiKeys
                .Where(candidate => candidate.Id == key.Id && (candidate.LastUsedAt == null || candidate.LastUsedAt <= before))
                .ExecuteUpdateAsync(update => update.SetProperty(candidate => candidate.LastUsedAt, now), cancellationToken);
            key.LastUsedAt = now;
        }
        return ApiKeySummary.Of(key);
    }
}

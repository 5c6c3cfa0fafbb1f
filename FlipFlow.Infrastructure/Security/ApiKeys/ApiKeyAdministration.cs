using FlipFlow.Domain.ApiKeys;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Security.ApiKeys;

/// <summary>
/// Creates, lists and revokes API keys: what the API keys page, the <c>apikeys</c> verbs and the API's own key
/// endpoints call. A new key's text is returned once; only its prefix and its secret's hash are stored.
/// </summary>
public sealed class ApiKeyAdministration(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock, ILogger<ApiKeyAdministration> logger)
{
    // Two keys drawing the same 40-bit prefix is rare enough that a few fresh draws always find a free one.
    private const int PrefixDraws = 5;

    /// <summary>Every key, newest first, revoked ones too.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(key => key.Id).ToListAsync(cancellationToken);
        return keys.Select(ApiKeySummary.Of).ToList();
    }

    /// <summary>The key with the id or the prefix <paramref name="idOrPrefix"/>, or null.</summary>
    public async Task<ApiKeySummary?> FindAsync(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, idOrPrefix, cancellationToken) is { } key ? ApiKeySummary.Of(key) : null;
    }

    /// <summary>Creates a key with the role's rights; <paramref name="createdBy"/> is who asked (a user's email, or the CLI).</summary>
    /// <exception cref="ApiKeyRuleException">The name or the role is not acceptable.</exception>
    public async Task<IssuedApiKey> CreateAsync(string? name, string? role, string createdBy, CancellationToken cancellationToken = default)
    {
        var problems = ApiKeyRules.Problems(name, role);
        if (problems.Count > 0)
        {
            throw new ApiKeyRuleException(problems);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var material = ApiKeyMaterial.Generate();
        for (var draw = 1; draw < PrefixDraws && await db.ApiKeys.AnyAsync(key => key.Prefix == material.Prefix, cancellationToken); draw++)
        {
            material = ApiKeyMaterial.Generate();
        }
        var key = new ApiKey
        {
            Name = name!.Trim(),
            Prefix = material.Prefix,
            SecretHash = ApiKeyMaterial.HashSecret(material.Secret),
            Role = Roles.Parse(role)!,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{CreatedBy} created the API key {Prefix} ({Name}) with role {Role}", createdBy, key.Prefix, key.Name, key.Role);
        return new IssuedApiKey(ApiKeySummary.Of(key), material.Text);
    }

    /// <summary>
    /// Revokes the key with the id or the prefix <paramref name="idOrPrefix"/>: it authenticates no more. A key revoked
    /// before keeps its first revocation. Null when there is no such key.
    /// </summary>
    public async Task<ApiKeySummary?> RevokeAsync(string idOrPrefix, string revokedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, idOrPrefix, cancellationToken) is not { } key)
        {
            return null;
        }
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            key.RevokedBy = revokedBy;
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{RevokedBy} revoked the API key {Prefix} ({Name})", revokedBy, key.Prefix, key.Name);
        }
        return ApiKeySummary.Of(key);
    }

    // A prefix first: an 8-character prefix could be all digits, while a key's id never reaches 8 digits in practice.
    private static async Task<ApiKey?> FindAsync(FlipFlowDbContext db, string idOrPrefix, CancellationToken cancellationToken)
    {
        var wanted = idOrPrefix.Trim();
        if (ApiKeyMaterial.IsPrefix(wanted) && await db.ApiKeys.FirstOrDefaultAsync(key => key.Prefix == wanted, cancellationToken) is { } byPrefix)
        {
            return byPrefix;
        }
        return int.TryParse(wanted, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await db.ApiKeys.FirstOrDefaultAsync(key => key.Id == id, cancellationToken)
            : null;
    }
}

using FlipFlow.Domain.Users;

namespace FlipFlow.Domain.ApiKeys;

/// <summary>What a new key must have, and how often its last-used time is written.</summary>
public static class ApiKeyRules
{
    public const int MaxNameLength = 100;

    /// <summary>
    /// A key's last-used time moves at most this often: a script's burst of calls costs one write, not one per call.
    /// </summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    /// <summary>What is wrong with a new key's name and role, by field (camelCase), or empty.</summary>
    public static Dictionary<string, string[]> Problems(string? name, string? role)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name))
        {
            problems["name"] = ["A key needs a name that says who or what uses it."];
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            problems["name"] = [$"A key's name is at most {MaxNameLength} characters."];
        }
        if (Roles.Parse(role) is null)
        {
            problems["role"] = [$"'{role}' is not a role; choose {string.Join(", ", Roles.All)}."];
        }
        return problems;
    }

    /// <summary>Whether a key last used at <paramref name="lastUsedAt"/> should have its last-used time written at <paramref name="now"/>.</summary>
    public static bool ShouldRecordUse(DateTimeOffset? lastUsedAt, DateTimeOffset now) =>
        lastUsedAt is not { } last || now - last >= LastUsedPrecision;
}

/// <summary>A key request that breaks a rule, with the problems by field; the message is meant for the person who asked.</summary>
public sealed class ApiKeyRuleException(IReadOnlyDictionary<string, string[]> problems)
    : Exception(string.Join(" ", problems.SelectMany(problem => problem.Value)))
{
    public IReadOnlyDictionary<string, string[]> Problems { get; } = problems;
}

/// <summary>An API key as the API keys page, the <c>apikeys</c> verbs and the API show it: everything but the secret's hash.</summary>
public sealed record ApiKeySummary(
    int Id,
    string Name,
    string Prefix,
    string Role,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    public bool IsRevoked => RevokedAt is not null;

    public static ApiKeySummary Of(ApiKey key) => new(key.Id, key.Name, key.Prefix, key.Role, key.CreatedAt, key.CreatedBy,
        key.LastUsedAt, key.RevokedAt, key.RevokedBy);
}

/// <summary>A new key and its whole text, which is shown this once and never again.</summary>
public sealed record IssuedApiKey(ApiKeySummary Key, string Material);

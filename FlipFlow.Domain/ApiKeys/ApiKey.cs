namespace FlipFlow.Domain.ApiKeys;

/// <summary>
/// A key a script calls the API with. Only the hash of its secret is kept; the <see cref="Prefix"/> is the public part
/// a presented key is looked up by, and the part an Admin recognises a key by.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The public lookup part of the key, unique: <c>ff_&lt;prefix&gt;_…</c>.</summary>
    public required string Prefix { get; set; }

    /// <summary>The secret's hash as <see cref="ApiKeyMaterial.HashSecret"/> writes it.</summary>
    public required string SecretHash { get; set; }

    /// <summary>One of <see cref="Users.Roles.All"/>: the key has that role's rights.</summary>
    public required string Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who created the key: a user's email, or the CLI.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>When the key last authenticated, to the minute (see <see cref="ApiKeyRules.LastUsedPrecision"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}

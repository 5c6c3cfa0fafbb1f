using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace FlipFlow.Domain.ApiKeys;

/// <summary>
/// The text of an API key, <c>ff_&lt;prefix&gt;_&lt;secret&gt;</c>, in lower-case base32 (a-z, 2-7), so it needs no quoting
/// in a shell or a header and the underscores can only be separators. The prefix (8 characters, 40 bits) finds the
/// key's record; the secret (52 characters, 260 bits from a cryptographic source) proves the caller holds it.
/// Because the secret is random and that long, one SHA-256 is the right hash: a slow password hash protects guessable
/// passwords and would only cost every API call time here.
/// </summary>
public sealed record ApiKeyMaterial
{
    public const string Marker = "ff_";

    public const int PrefixLength = 8;

    public const int SecretLength = 52;

    /// <summary>The length of the whole key: marker, prefix, separator and secret.</summary>
    public const int Length = 3 + PrefixLength + 1 + SecretLength;

    /// <summary>RFC 4648 base32, lower case: each character carries 5 bits.</summary>
    public const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private ApiKeyMaterial(string prefix, string secret)
    {
        Prefix = prefix;
        Secret = secret;
    }

    public string Prefix { get; }

    public string Secret { get; }

    /// <summary>The whole key as the caller sends it after <c>Bearer</c>.</summary>
    public string Text => $"{Marker}{Prefix}_{Secret}";

    public override string ToString() => $"{Marker}{Prefix}_…";

    /// <summary>A new key from the operating system's cryptographic random source.</summary>
    public static ApiKeyMaterial Generate() => new(
        RandomNumberGenerator.GetString(Alphabet, PrefixLength),
        RandomNumberGenerator.GetString(Alphabet, SecretLength));

    /// <summary>The key in <paramref name="presented"/>, or false when it is not exactly a key's shape.</summary>
    public static bool TryParse(string? presented, [NotNullWhen(true)] out ApiKeyMaterial? material)
    {
        material = null;
        if (presented is not { Length: Length } || !presented.StartsWith(Marker, StringComparison.Ordinal) || presented[Marker.Length + PrefixLength] != '_')
        {
            return false;
        }
        var prefix = presented.Substring(Marker.Length, PrefixLength);
        var secret = presented[(Marker.Length + PrefixLength + 1)..];
        if (!IsBase32(prefix) || !IsBase32(secret))
        {
            return false;
        }
        material = new ApiKeyMaterial(prefix, secret);
        return true;
    }

    /// <summary>True when <paramref name="text"/> could be a key's prefix.</summary>
    public static bool IsPrefix(string? text) => text is { Length: PrefixLength } && IsBase32(text);

    /// <summary>The SHA-256 of the secret's characters, as 64 lower-case hex digits: what the database keeps.</summary>
    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    /// <summary>
    /// Whether this key's secret is the one <paramref name="storedHash"/> was made from. The comparison takes the same
    /// time wherever the hashes differ, so timing the answer tells a caller nothing about the stored hash.
    /// </summary>
    public bool Matches(string storedHash) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(HashSecret(Secret)), Encoding.ASCII.GetBytes(storedHash));

    private static bool IsBase32(string text) => text.AsSpan().IndexOfAnyExcept(Alphabet) < 0;
}

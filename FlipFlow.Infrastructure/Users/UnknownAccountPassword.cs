using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace FlipFlow.Infrastructure.Users;

/// <summary>
/// A password hash made once, with the app's own hasher, for a password nobody knows. A sign-in for an email without an
/// account checks the typed password against it, so it costs the same one hash verification as a wrong password for a
/// real account and the two cannot be told apart by their timing.
/// </summary>
public sealed class UnknownAccountPassword
{
    private static readonly FlipFlowUser Nobody = new();
    private readonly Lock gate = new();
    private string? hash;

    /// <summary>Checks the password as <paramref name="hasher"/> checks a real account's; the answer is always "wrong".</summary>
    public void Verify(IPasswordHasher<FlipFlowUser> hasher, string password)
    {
        lock (gate)
        {
            hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}

using System.Security.Cryptography;

namespace FlipFlow.Domain.Users;

/// <summary>
/// Generates passwords that satisfy FlipFlow's password policy: 20 characters with upper case,
/// lower case, digits and symbols, drawn from a cryptographic source and free of look-alikes.
/// </summary>
public static class PasswordGenerator
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    // Symbols a shell and a URL take as they are, so a password pastes into a terminal without quoting.
    private const string Symbols = "+=@_";
    public const int Length = 20;

    public static string Generate()
    {
        var all = Upper + Lower + Digits + Symbols;
        var chars = new char[Length];
        // One of each class first, so the policy always holds; then shuffle them away from the front.
        chars[0] = Pick(Upper);
        chars[1] = Pick(Lower);
        chars[2] = Pick(Digits);
        chars[3] = Pick(Symbols);
        for (var i = 4; i < Length; i++)
        {
            chars[i] = Pick(all);
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
}

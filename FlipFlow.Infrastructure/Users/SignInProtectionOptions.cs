using FlipFlow.Domain.Users;

namespace FlipFlow.Infrastructure.Users;

/// <summary>How hard sign-in is to abuse: the SignIn section of appsettings.json.</summary>
public sealed class SignInProtectionOptions
{
    public const string Section = "SignIn";

    /// <summary>Sign-in and change-password form posts one client address may send per minute; the rest get 429.</summary>
    public int AttemptsPerMinute { get; set; } = 10;

    /// <summary>Wrong passwords from one client address that lock the account for that address.</summary>
    public int FailuresPerAddress { get; set; } = 5;

    /// <summary>Wrong passwords from all addresses together that lock the account for everyone.</summary>
    public int FailuresPerAccount { get; set; } = 50;

    /// <summary>How long a lockout lasts, in minutes.</summary>
    public int LockoutMinutes { get; set; } = 15;

    public SignInRules Rules => new(FailuresPerAddress, FailuresPerAccount, TimeSpan.FromMinutes(LockoutMinutes));

    public void Validate()
    {
        if (AttemptsPerMinute < 1)
        {
            throw new ArgumentException($"SignIn:AttemptsPerMinute is {AttemptsPerMinute}; it must be at least 1.");
        }
        Rules.Validate();
    }
}

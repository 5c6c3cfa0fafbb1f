namespace FlipFlow.Domain.Users;

/// <summary>What a password sign-in attempt leads to.</summary>
public enum SignInVerdict
{
    SignIn,

    /// <summary>Refused without counting: the account is locked (for everyone or for this address) or disabled.</summary>
    Refuse,

    /// <summary>A wrong password on an account that could sign in: it counts toward both lockouts.</summary>
    RefuseAndCountFailure,
}

/// <summary>
/// FlipFlow's sign-in rules. Failures are counted per account and client address, with a low ceiling that locks the
/// account for that address only, and per account across all addresses, with a high ceiling that locks it for
/// everyone. An attacker at one address can thus lock an account only for themselves; locking it for its owner takes
/// <see cref="FailuresPerAccount"/> / <see cref="FailuresPerAddress"/> addresses, and an Admin or the shell unlocks it.
/// </summary>
/// <param name="FailuresPerAddress">Wrong passwords from one address that lock the account for that address.</param>
/// <param name="FailuresPerAccount">Wrong passwords from all addresses together that lock the account for everyone.</param>
/// <param name="Lockout">How long either lockout lasts; failures from an address are also forgotten after this long without one.</param>
public sealed record SignInRules(int FailuresPerAddress, int FailuresPerAccount, TimeSpan Lockout)
{
    /// <summary>
    /// The password is always checked first, whatever the account's state, so that a locked or disabled account takes
    /// as long to answer as any other; the answer itself is then the same for every refusal.
    /// </summary>
    public static SignInVerdict Decide(bool passwordRight, bool allowed, bool lockedForEveryone, bool lockedForAddress) =>
        lockedForEveryone || lockedForAddress || !allowed ? SignInVerdict.Refuse
        : passwordRight ? SignInVerdict.SignIn
        : SignInVerdict.RefuseAndCountFailure;

    /// <summary>The failures counted for an address after one more, and until when that address is locked out.</summary>
    public AddressFailures AfterFailure(AddressFailures? before, DateTimeOffset now)
    {
        var counted = before is { } earlier && now - earlier.LastFailureAt < Lockout ? earlier.Failures : 0;
        return counted + 1 >= FailuresPerAddress
            ? new AddressFailures(0, now, now + Lockout)
            : new AddressFailures(counted + 1, now, null);
    }

    public void Validate()
    {
        if (FailuresPerAddress < 1)
        {
            throw new ArgumentException($"SignIn:FailuresPerAddress is {FailuresPerAddress}; it must be at least 1.");
        }
        if (FailuresPerAccount < FailuresPerAddress)
        {
            throw new ArgumentException($"SignIn:FailuresPerAccount is {FailuresPerAccount}; it must be at least SignIn:FailuresPerAddress ({FailuresPerAddress}), or one address could lock the account for everyone.");
        }
        if (Lockout <= TimeSpan.Zero)
        {
            throw new ArgumentException("SignIn:LockoutMinutes must be at least 1.");
        }
    }
}

/// <summary>Wrong passwords counted for one account from one client address.</summary>
public sealed record AddressFailures(int Failures, DateTimeOffset LastFailureAt, DateTimeOffset? LockedUntil)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

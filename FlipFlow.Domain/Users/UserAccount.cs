namespace FlipFlow.Domain.Users;

/// <summary>A console user as the Users page and the <c>users</c> verbs show it.</summary>
public sealed record UserAccount(
    string Id,
    string Email,
    string Role,
    bool IsDisabled,
    DateTimeOffset? LockedOutUntil,
    bool MustChangePassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    int LockedAddresses = 0)
{
    /// <summary>Locked for everyone: too many wrong passwords from all client addresses together.</summary>
    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;

    /// <summary>Locked for everyone, or for at least one client address (<see cref="LockedAddresses"/>): an unlock would change something.</summary>
    public bool CanBeUnlocked(DateTimeOffset now) => IsLockedOut(now) || LockedAddresses > 0;
}

/// <summary>A password FlipFlow generated for a user; shown once, stored only as a hash.</summary>
public sealed record IssuedPassword(UserAccount User, string Password);

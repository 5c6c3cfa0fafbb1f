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
    DateTimeOffset? LastSignInAt)
{
    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;
}

/// <summary>A password FlipFlow generated for a user; shown once, stored only as a hash.</summary>
public sealed record IssuedPassword(UserAccount User, string Password);

namespace FlipFlow.Domain.Users;

/// <summary>
/// Creates users, sets their role, disables them and resets their passwords. Every change that would
/// leave FlipFlow without an active Admin is refused with an <see cref="AccountRuleException"/>.
/// </summary>
public interface IUserAdministration
{
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a user with a generated password that must be changed at first sign-in.</summary>
    Task<IssuedPassword> CreateAsync(string email, string role, CancellationToken cancellationToken = default);

    /// <summary>Replaces the password with a generated one that must be changed at next sign-in; signs the user out everywhere.</summary>
    Task<IssuedPassword> ResetPasswordAsync(string userId, CancellationToken cancellationToken = default);

    Task<UserAccount> SetRoleAsync(string userId, string role, CancellationToken cancellationToken = default);

    /// <summary>A disabled user cannot sign in and is signed out of open sessions within a minute.</summary>
    Task<UserAccount> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default);

    /// <summary>Ends the user's lockout, for everyone and for every client address, and forgets their failed sign-ins.</summary>
    Task<UserAccount> UnlockAsync(string userId, CancellationToken cancellationToken = default);
}

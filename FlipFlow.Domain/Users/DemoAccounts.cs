namespace FlipFlow.Domain.Users;

/// <summary>
/// Creates one Operator and one Viewer for trying FlipFlow's roles, each with a generated password that
/// must be changed at first sign-in. Users that already exist are left alone.
/// </summary>
public sealed class DemoAccounts(IUserAdministration users)
{
    public static readonly IReadOnlyList<(string Email, string Role)> Accounts =
    [
        ("operator@flipflow.local", Roles.Operator),
        ("viewer@flipflow.local", Roles.Viewer),
    ];

    /// <returns>The accounts created now, with their passwords; empty when all existed.</returns>
    public async Task<IReadOnlyList<IssuedPassword>> EnsureAsync(CancellationToken cancellationToken = default)
    {
        var existing = (await users.ListAsync(cancellationToken))
            .Select(user => user.Email)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var created = new List<IssuedPassword>();
        foreach (var (email, role) in Accounts)
        {
            if (!existing.Contains(email))
            {
                created.Add(await users.CreateAsync(email, role, cancellationToken));
            }
        }
        return created;
    }
}

namespace FlipFlow.Domain.Users;

/// <summary>Authorisation policy names: every page, endpoint and verb asks for one of these.</summary>
public static class Policies
{
    /// <summary>Any signed-in user with a role: Admin, Operator or Viewer.</summary>
    public const string CanView = "CanView";

    /// <summary>May change things: Admin or Operator.</summary>
    public const string CanOperate = "CanOperate";

    /// <summary>Admin only.</summary>
    public const string CanAdminister = "CanAdminister";

    public static IReadOnlyList<string> All { get; } = [CanView, CanOperate, CanAdminister];

    /// <summary>The roles a policy admits: the one definition the web host's policies and the tests use.</summary>
    public static IReadOnlyList<string> RolesOf(string policy) => policy switch
    {
        CanView => Roles.All,
        CanOperate => [Roles.Admin, Roles.Operator],
        CanAdminister => [Roles.Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };

    /// <summary>The policies a role satisfies.</summary>
    public static IReadOnlyList<string> Of(string role) => [.. All.Where(policy => RolesOf(policy).Contains(role))];
}

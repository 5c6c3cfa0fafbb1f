namespace FlipFlow.Domain.Users;

/// <summary>The three roles of FlipFlow, from most to least powerful.</summary>
public static class Roles
{
    /// <summary>Everything an Operator can do, plus managing users and seeing the system page.</summary>
    public const string Admin = "Admin";

    /// <summary>Runs the business: changes listings, jobs and data.</summary>
    public const string Operator = "Operator";

    /// <summary>Sees everything an Operator sees and changes nothing.</summary>
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Viewer];

    /// <summary>The role's canonical spelling, or null when <paramref name="name"/> names no role.</summary>
    public static string? Parse(string? name) =>
        All.FirstOrDefault(role => string.Equals(role, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

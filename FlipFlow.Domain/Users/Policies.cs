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
}

namespace FlipFlow.Web.Features.Users;

public static class AccountPaths
{
    public const string Login = "/account/login";
    public const string Logout = "/account/logout";
    public const string ChangePassword = "/account/change-password";
    public const string AccessDenied = "/account/access-denied";

    /// <summary>A return address only when it stays inside FlipFlow; anything else becomes the home page.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}

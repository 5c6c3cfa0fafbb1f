namespace FlipFlow.Web.Components.Layout;

/// <summary>The console's two Radzen themes and the cookie that remembers a user's choice.</summary>
public static class ConsoleThemes
{
    public const string Light = "material";
    public const string Dark = "material-dark";
    public const string CookieName = "FlipFlowTheme";
}

using MudBlazor;

namespace FlipFlow.Web.Components.Layout;

/// <summary>The console's MudBlazor theme, light and dark, and the cookie that remembers a browser's choice.</summary>
public static class ConsoleThemes
{
    public const string CookieName = "FlipFlowTheme";
    public const string Dark = "dark";

    /// <summary>Whether the theme cookie asks for the dark theme; anything else is light.</summary>
    public static bool IsDark(string? cookie) => cookie == Dark;

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            Success = "#2e7d32",
            AppbarBackground = "#283593",
            AppbarText = "#ffffff",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            // Dark text on the light primary and secondary: white on them reads at about 2.4:1.
            PrimaryContrastText = "#12142a",
            Secondary = "#4db6ac",
            SecondaryContrastText = "#0b1f1d",
            AppbarBackground = "#1f2130",
            AppbarText = "#e8eaf6",
            Background = "#17181f",
            Surface = "#22232d",
            DrawerBackground = "#1c1d26",
            TextPrimary = "#e6e7ee",
            TextSecondary = "#b4b6c4",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Liberation Sans", "system-ui", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}

using System.Text.RegularExpressions;
using FlipFlow.Web.Components.Layout;
using Hangfire.Dashboard;

namespace FlipFlow.Web.Features.Jobs.Dashboard;

/// <summary>
/// Makes the dashboard's dark mode follow the console's theme cookie instead of the operating system. Hangfire links
/// its dark stylesheet on every page, with all its rules inside a prefers-color-scheme media query; this answers that
/// link itself: with those rules unconditionally when the cookie says dark, and with no rules otherwise.
/// </summary>
public sealed partial class DashboardTheme(RequestDelegate next)
{
    private static readonly Lazy<string> DarkRules = new(ReadDarkRules);

    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !DarkStylesheetPath().IsMatch(context.Request.Path.Value ?? ""))
        {
            return next(context);
        }
        var response = context.Response;
        response.ContentType = "text/css; charset=utf-8";
        // The same address serves either theme: the browser must ask again after the theme changes.
        response.Headers.CacheControl = "no-store";
        response.Headers.Vary = "Cookie";
        return response.WriteAsync(IsDark(context) ? DarkRules.Value : "");
    }

    public static bool IsDark(HttpContext context) => ConsoleThemes.IsDark(context.Request.Cookies[ConsoleThemes.CookieName]);

    /// <summary>Hangfire's own dark stylesheet, as shipped inside Hangfire.Core, without its outer media query.</summary>
    public static string ReadDarkRules()
    {
        var assembly = typeof(DashboardRoutes).Assembly;
        var name = assembly.GetManifestResourceNames().Single(resource => resource.EndsWith(".hangfire-dark.css", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return Unwrap(reader.ReadToEnd());
    }

    /// <summary>
    /// The rules inside a stylesheet's single outer <c>@media (prefers-color-scheme: dark) { … }</c>; a stylesheet
    /// without that wrapper is returned as it is.
    /// </summary>
    public static string Unwrap(string css)
    {
        var wrapper = DarkMediaQuery().Match(css);
        var end = css.LastIndexOf('}');
        return wrapper.Success && end > wrapper.Index + wrapper.Length
            ? css[(wrapper.Index + wrapper.Length)..end]
            : css;
    }

    /// <summary>Hangfire's address for its dark stylesheet, below the dashboard's own path: /css-dark and a version number.</summary>
    [GeneratedRegex(@"^/css-dark[0-9]+/?$")]
    private static partial Regex DarkStylesheetPath();

    [GeneratedRegex(@"^\s*@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)\s*\{")]
    private static partial Regex DarkMediaQuery();
}

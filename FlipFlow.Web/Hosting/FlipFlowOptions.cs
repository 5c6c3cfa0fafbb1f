using System.Globalization;

namespace FlipFlow.Web.Hosting;

/// <summary>The <c>FlipFlow</c> section of appsettings.json (the database has its own, <c>Database</c>).</summary>
public sealed class FlipFlowOptions
{
    public const string Section = "FlipFlow";

    /// <summary>Where FlipFlow keeps its files, the SQLite database among them; relative to the app's folder.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>How money, numbers and dates are written in the console.</summary>
    public string Culture { get; set; } = "en-US";

    public CultureInfo GetCulture()
    {
        try
        {
            return CultureInfo.GetCultureInfo(Culture, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            throw new InvalidOperationException($"FlipFlow:Culture is '{Culture}', which is not a culture name such as en-US or de-DE.");
        }
    }
}

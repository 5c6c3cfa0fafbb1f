using System.Globalization;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// The <c>FlipFlow</c> section of appsettings.json. FlipFlow:DataFolder is read with the database settings
/// (<see cref="FlipFlow.Infrastructure.Database.DatabaseSettings"/>), which own it.
/// </summary>
public sealed class FlipFlowOptions
{
    public const string Section = "FlipFlow";

    /// <summary>
    /// Whether a first start (an empty database) also creates demo listings with 120 days of history, as
    /// <c>db seed --demo</c> does. Off by default: a business's own products and listings start from nothing.
    /// </summary>
    public bool DemoData { get; set; }

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

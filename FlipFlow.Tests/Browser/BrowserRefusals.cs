using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// What the browser refused on a page (a Content-Security-Policy or Permissions-Policy violation) or failed at (an
/// uncaught script error), collected from the moment it starts watching.
/// </summary>
public sealed class BrowserRefusals
{
    private readonly List<string> seen = [];

    private BrowserRefusals()
    {
    }

    public static BrowserRefusals Watch(IPage page)
    {
        var refusals = new BrowserRefusals();
        page.Console += (_, message) =>
        {
            if (IsRefusal(message.Text))
            {
                refusals.Add($"{page.Url}: {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => refusals.Add($"{page.Url}: uncaught: {error}");
        return refusals;
    }

    public void AssertNone()
    {
        lock (seen)
        {
            Assert.True(seen.Count == 0, "The browser refused or failed:\n" + string.Join("\n", seen));
        }
    }

    private void Add(string refusal)
    {
        lock (seen)
        {
            seen.Add(refusal);
        }
    }

    private static bool IsRefusal(string text) =>
        text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Refused to", StringComparison.Ordinal)
        || text.Contains("Permissions-Policy", StringComparison.Ordinal);
}

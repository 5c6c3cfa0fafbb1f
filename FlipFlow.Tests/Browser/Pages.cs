using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>What browser tests do again and again: sign in, wait for a page to be live, wait for a dialog to take focus.</summary>
public static class Pages
{
    public static async Task SignInAsync(IPage page, Uri app, string email, string password)
    {
        await page.GotoAsync(new Uri(app, "/account/login").ToString());
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>Waits until the page's components run over the circuit, so clicks reach the server.</summary>
    public static Task WaitUntilLiveAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-circuit=live]", new PageWaitForSelectorOptions { Timeout = BrowserFixture.Timeout });

    /// <summary>
    /// Waits until a dialog just opened has put the focus on its first field. Radzen does that half a second after
    /// the dialog opens; a field filled before then can have the rest of its typing land in the first field.
    /// </summary>
    public static Task WaitForDialogFocusAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.activeElement?.closest('.rz-dialog-content') != null", null,
            new PageWaitForFunctionOptions { Timeout = BrowserFixture.Timeout });

    /// <summary>
    /// Clicks <paramref name="selector"/> until the page is at <paramref name="url"/> (a glob): a click that lands on
    /// an element being re-rendered is lost, as <see cref="ClickUntilVisibleAsync"/> says. It clicks again only while
    /// the element is still there, so a slow navigation is waited for, not clicked twice into.
    /// </summary>
    public static async Task ClickUntilUrlAsync(IPage page, string selector, string url, int attempts = 4)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await page.Locator(selector).IsVisibleAsync())
                {
                    await page.ClickAsync(selector, new PageClickOptions { Timeout = 5_000 });
                }
            }
            catch (TimeoutException)
            {
                // Gone while being clicked: the navigation may be under way; the wait below tells.
            }
            try
            {
                await page.WaitForURLAsync(url, new PageWaitForURLOptions { Timeout = attempt < attempts ? 5_000 : BrowserFixture.Timeout });
                return;
            }
            catch (TimeoutException) when (attempt < attempts)
            {
            }
        }
    }

    /// <summary>
    /// Clicks until <paramref name="shown"/> appears: a live page re-renders now and then, and a click that lands
    /// on an element just being replaced is lost (seen on a loaded CI machine).
    /// </summary>
    public static async Task ClickUntilVisibleAsync(IPage page, string selector, ILocator shown, int attempts = 4)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.ClickAsync(selector);
            try
            {
                await Assertions.Expect(shown.First).ToBeVisibleAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < attempts)
            {
            }
        }
    }
}

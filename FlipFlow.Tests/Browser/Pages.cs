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

    /// <summary>Signs out through the user menu, as a person would.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        var signOut = page.Locator("[data-testid=logout]");
        for (var attempt = 1; ; attempt++)
        {
            // The menu may be open already (its button toggles it), or closing as the click lands: open it only when shut.
            if (!await signOut.IsVisibleAsync())
            {
                await ClickUntilVisibleAsync(page, "[data-testid=user-menu-button]", signOut);
            }
            try
            {
                await signOut.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
                await page.WaitForURLAsync("**/account/login", new PageWaitForURLOptions { Timeout = attempt < 4 ? 5_000 : BrowserFixture.Timeout });
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
            }
        }
    }

    /// <summary>
    /// The contrast ratio (WCAG's formula) of the page's first visible plain link (not a nav link, button or menu
    /// item) against the page's background, once such a link has rendered: pages load their data after the
    /// connection is live. A link left in the browser's own blue on a dark theme scores about 2:1.
    /// </summary>
    public static async Task<double> LinkContrastAsync(IPage page)
    {
        var link = await page.WaitForFunctionAsync(PlainLink);
        return await page.EvaluateAsync<double>(LinkContrastScript, link);
    }

    private const string PlainLink =
        "() => [...document.querySelectorAll('a')].find(a => !a.closest('.mud-nav-link, .mud-button-root, .mud-menu-item') && a.offsetParent)";

    private const string LinkContrastScript = """
        link => {
            const rgb = text => text.match(/[\d.]+/g).slice(0, 3).map(Number);
            const luminance = ([r, g, b]) => {
                const [R, G, B] = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * R + 0.7152 * G + 0.0722 * B;
            };
            const fore = luminance(rgb(getComputedStyle(link).color));
            const back = luminance(rgb(getComputedStyle(document.querySelector('.mud-main-content')).backgroundColor === 'rgba(0, 0, 0, 0)'
                ? getComputedStyle(document.body).backgroundColor : getComputedStyle(document.querySelector('.mud-main-content')).backgroundColor));
            return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
        }
        """;

    /// <summary>Waits until the page's components run over the circuit, so clicks reach the server.</summary>
    public static Task WaitUntilLiveAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-circuit=live]", new PageWaitForSelectorOptions { Timeout = BrowserFixture.Timeout });

    /// <summary>
    /// Waits until a dialog just opened has put the focus inside itself: a field filled before the dialog takes
    /// the focus can have the rest of its typing land in the field the focus moves to.
    /// </summary>
    public static Task WaitForDialogFocusAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog') != null", null,
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

    /// <summary>
    /// Sets a file input until <paramref name="shown"/> appears: a file set in the very moment its input first renders, before
    /// Blazor has wired it, is dropped with nothing to say so (seen on a loaded CI machine).
    /// </summary>
    public static async Task SetFilesUntilVisibleAsync(IPage page, string selector, FilePayload file, ILocator shown, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.SetInputFilesAsync(selector, file);
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

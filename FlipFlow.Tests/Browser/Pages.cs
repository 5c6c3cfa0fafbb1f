using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>What browser tests do again and again: sign in, and wait for a page to be live.</summary>
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
        page.WaitForSelectorAsync("[data-circuit=live]", new PageWaitForSelectorOptions { Timeout = 20_000 });
}

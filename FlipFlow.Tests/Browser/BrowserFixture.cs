using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// One headless Debian Chromium for all browser tests, driven by Playwright. Playwright's own browser
/// download cannot work here; ./test.sh installs Chromium, and a missing one fails the tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? playwright;

    /// <summary>
    /// How long actions and expect assertions wait, in milliseconds: on a busy two-core CI machine a server round trip
    /// can take longer than Playwright's default of 5 s for assertions.
    /// </summary>
    public const float Timeout = 20_000;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>A page in a context of its own on <paramref name="app"/>, its actions waiting up to <see cref="Timeout"/>.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(Uri app, bool acceptDownloads = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ToString(), AcceptDownloads = acceptDownloads });
        context.SetDefaultTimeout(Timeout);
        return (context, await context.NewPageAsync());
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing; run ./test.sh, which installs Debian's chromium.");
        }
        Assertions.SetDefaultExpectTimeout(Timeout);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

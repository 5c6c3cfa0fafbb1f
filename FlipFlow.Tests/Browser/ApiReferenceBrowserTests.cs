using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Api;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>The API reference at /api/docs in Chromium: a signed-in user sees it drawn from the OpenAPI document, under the app's CSP, with nothing refused.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ApiReferenceBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserRefusals refusals = default!;
    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
        refusals = BrowserRefusals.Watch(page);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_Viewer_sees_the_reference_drawn_from_the_document_and_the_browser_refuses_nothing()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);

        var response = await page.GotoAsync(ApiDocument.ReferencePath);
        Assert.Equal(200, response?.Status);
        // The description is in the document the page fetched, drawn by Scalar's script.
        await Assertions.Expect(page.GetByText("Every endpoint needs an API key").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        refusals.AssertNone();
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in()
    {
        await page.GotoAsync(ApiDocument.ReferencePath);

        Assert.Contains("/account/login", page.Url);
    }
}

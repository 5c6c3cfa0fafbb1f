using System.Net;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Web;

/// <summary>An address no page has, asked for by a signed-in user.</summary>
[Trait("Category", "Integration")]
public sealed class NotFoundTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/products/extra/segments")]
    public async Task An_unknown_address_answers_404_with_a_page_that_says_so(string path)
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        using var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This page was not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_not_told_what_exists()
    {
        using var client = app.NewClient();

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location?.ToString());
    }
}

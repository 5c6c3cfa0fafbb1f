using System.Net;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Batches;

/// <summary>A batch or job page whose record does not exist answers 404 and says what was not found, over HTTP.</summary>
[Trait("Category", "Integration")]
public sealed class RecordNotFoundHttpTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
        return client;
    }

    [Theory]
    [InlineData("/batches/999999")]
    [InlineData("/jobs/nope")]
    public async Task A_page_of_a_record_that_does_not_exist_answers_404(string path)
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/batches/999999", "Batch 999999 was not found", "All batches")]
    [InlineData("/jobs/nope", "Job nope was not found", "All jobs")]
    public async Task A_page_of_a_record_that_does_not_exist_says_what_was_not_found(string path, string says, string back)
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(says, html);
        Assert.Contains(back, html);
    }

    [Theory]
    [InlineData("/batches")]
    [InlineData("/jobs/history-cleanup")]
    public async Task A_page_of_a_record_that_exists_answers_200(string path)
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("was not found", await response.Content.ReadAsStringAsync());
    }
}

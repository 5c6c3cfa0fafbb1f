using System.Net;
using System.Text.Json;
using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Analytics;

/// <summary>The Analytics CSV exports over HTTP: a range they cannot give whole is a 400 with problem details, never a clipped file.</summary>
[Trait("Category", "Integration")]
public sealed class AnalyticsExportHttpTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;
    private HttpClient client = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("/analytics/portfolio.csv?from=2000-01-01&to=2026-11-01", "spans 9,801 days; at most 3,660")]
    [InlineData("/analytics/portfolio.csv?from=2026-11-02&to=2026-11-01", "after its end")]
    [InlineData("/analytics/listings/1.csv?from=2000-01-01&to=2026-11-01", "spans 9,801 days; at most 3,660")]
    public async Task A_range_too_long_or_backwards_is_a_400_with_problem_details(string path, string detail)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_range_at_the_maximum_is_exported()
    {
        var to = new DateOnly(2026, 11, 1);
        var response = await client.GetAsync($"/analytics/portfolio.csv?from={to.AddDays(-AnalyticsRanges.MaxDays):yyyy-MM-dd}&to={to:yyyy-MM-dd}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Date,Marketplace", await response.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Security.ApiKeys;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

/// <summary>One app for the class: each test makes its own keys, so they do not disturb each other.</summary>
public sealed class ApiKeysApiApp : IAsyncLifetime
{
    public FlipFlowApp App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[Trait("Category", "Integration")]
public sealed class ApiKeysApiTests(ApiKeysApiApp fixture) : IClassFixture<ApiKeysApiApp>
{
    private FlipFlowApp App => fixture.App;

    [Fact]
    public async Task An_Admin_key_lists_the_keys_without_their_secrets()
    {
        using var client = await App.NewApiClientAsync(Roles.Admin);
        var response = await client.GetAsync("/api/v1/apikeys?pageSize=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var bearer = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var prefix = bearer.Split('_')[1];
        Assert.Contains(prefix, body);
        Assert.DoesNotContain(bearer.Split('_')[2], body);
        Assert.DoesNotContain("secretHash", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_key_the_API_answers_401_with_a_Bearer_challenge()
    {
        using var client = App.NewClient();
        var response = await client.GetAsync("/api/v1/apikeys");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task A_signed_in_Admin_cookie_alone_does_not_open_the_API_and_a_key_does()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Admin);
        using var client = App.NewClient();
        var signIn = await Forms.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/users")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/apikeys")).StatusCode);

        var issued = await App.Services.GetRequiredService<ApiKeyAdministration>().CreateAsync("cookie and key", Roles.Admin, email);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Material);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/apikeys")).StatusCode);
    }

    [Theory]
    [InlineData("ff_abcdefgh_tooshort")]
    [InlineData("not-a-key")]
    public async Task A_malformed_or_unknown_key_is_answered_401(string presented)
    {
        using var client = App.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", presented);
        var response = await client.GetAsync("/api/v1/apikeys");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Operator")]
    public async Task Keys_below_Admin_are_refused_the_key_endpoints_with_403(string role)
    {
        using var client = await App.NewApiClientAsync(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/apikeys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/apikeys", new { name = "x", role = "Viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/apikeys/1")).StatusCode);
    }

    [Fact]
    public async Task An_Admin_key_creates_a_key_that_works_at_once_and_revokes_it()
    {
        using var admin = await App.NewApiClientAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = "nightly export", role = "Admin" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var issued = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var material = issued.RootElement.GetProperty("material").GetString()!;
        var id = issued.RootElement.GetProperty("key").GetProperty("id").GetInt32();
        Assert.StartsWith("ff_", material);
        Assert.Equal($"/api/v1/apikeys/{id}", created.Headers.Location!.OriginalString);

        using var script = App.NewClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", material);
        var fetched = await script.GetFromJsonAsync<JsonElement>($"/api/v1/apikeys/{id}");
        Assert.Equal("nightly export", fetched.GetProperty("name").GetString());
        Assert.StartsWith("apikey:tests-admin-", fetched.GetProperty("createdBy").GetString());

        var revoked = await admin.DeleteAsync($"/api/v1/apikeys/{id}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/apikeys")).StatusCode);
    }

    [Fact]
    public async Task A_new_key_without_a_name_or_with_an_unknown_role_is_answered_400_naming_both_fields()
    {
        using var admin = await App.NewApiClientAsync(Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = "", role = "Owner" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Revoking_or_getting_a_key_that_does_not_exist_is_answered_404()
    {
        using var admin = await App.NewApiClientAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/apikeys/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/apikeys/zzzzzzzz")).StatusCode);
    }
}

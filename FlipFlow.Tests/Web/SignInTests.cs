using System.Net;
using System.Text.Json;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Users;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Web;

[Trait("Category", "Integration")]
public sealed class SignInTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Health_answers_200_JSON_without_signing_in()
    {
        using var client = app.NewClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("database").GetProperty("pendingMigrations").GetInt32());
    }

    [Fact]
    public async Task The_home_page_without_a_cookie_redirects_to_the_login_page()
    {
        using var client = app.NewClient();
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", Forms.RedirectPath(response, app.BaseAddress));
    }

    [Fact]
    public async Task The_bootstrap_password_signs_in_and_is_held_at_change_password_until_changed()
    {
        using var client = app.NewClient();
        var signIn = await Forms.SignInAsync(client, AccountBootstrapper.FirstAdminEmail, app.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/account/change-password", Forms.RedirectPath(signIn, app.BaseAddress));

        var home = await client.GetAsync("/users");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/change-password", Forms.RedirectPath(home, app.BaseAddress));

        var changed = await Forms.SubmitAsync(client, "/account/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = app.AdminPassword,
            ["Input.NewPassword"] = "Correct-Horse-42",
            ["Input.ConfirmPassword"] = "Correct-Horse-42",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var users = await client.GetAsync("/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains(AccountBootstrapper.FirstAdminEmail, await users.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_with_the_reason()
    {
        var (email, password) = await app.CreateUserAsync("Viewer");
        using var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
        var response = await Forms.SubmitAsync(client, "/account/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = password,
            ["Input.NewPassword"] = "alllowercase-only",
            ["Input.ConfirmPassword"] = "alllowercase-only",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("uppercase", html);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_for_the_right_one()
    {
        var (email, password) = await app.CreateUserAsync("Operator");
        var refused = Login.RefusedMessage(new SignInProtectionOptions());
        using var client = app.NewClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await Forms.SignInAsync(client, email, "Wrong-password-1");
            Assert.Contains(refused, System.Net.WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        }

        var right = await Forms.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync());
        Assert.Contains(refused, html);
        Assert.Contains("wait 15 minutes", html);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in()
    {
        var (email, password) = await app.CreateUserAsync("Operator");
        var users = app.Services.GetRequiredService<FlipFlow.Domain.Users.IUserAdministration>();
        var id = (await users.ListAsync()).Single(user => user.Email == email).Id;
        await users.SetDisabledAsync(id, true);

        using var client = app.NewClient();
        var response = await Forms.SignInAsync(client, email, password);
        Assert.Contains(Login.RefusedMessage(new SignInProtectionOptions()), System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_foreign_return_address_is_replaced_by_the_home_page()
    {
        var (email, password) = await app.CreateUserAsync("Viewer");
        using var client = app.NewClient();
        var response = await Forms.SubmitAsync(client, "/account/login?returnUrl=https%3A%2F%2Fevil.example%2F", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", Forms.RedirectPath(response, app.BaseAddress));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var (email, password) = await app.CreateUserAsync("Viewer");
        using var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var home = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(home, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}

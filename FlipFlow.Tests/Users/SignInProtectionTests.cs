using System.Net;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Users;

/// <summary>Sign-in protection over HTTP on the real app: the rate limit, one answer for every refusal, lockouts per address, and return addresses.</summary>
public sealed partial class SignInProtectionTests
{
    private const string WrongPassword = "Wrong-password-1";
    private static readonly IPAddress SecondMachine = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress ThirdMachine = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Two_hundred_sign_in_posts_from_one_address_get_429_with_Retry_After_past_the_limit_and_leave_the_account_unlocked()
    {
        var limit = new SignInProtectionOptions().AttemptsPerMinute;
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?> { ["SignIn:AttemptsPerMinute"] = limit.ToString() });
        using var client = app.NewClient();
        var form = await LoginFormAsync(client, "/account/login");

        var answers = new List<HttpResponseMessage>();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            answers.Add(await client.PostAsync("/account/login", Fill(form, AccountBootstrapper.FirstAdminEmail, WrongPassword)));
        }

        Assert.All(answers.Take(limit), answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.All(answers.Skip(limit), answer => Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode));
        var refused = answers[^1];
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Contains("Too many sign-in or password-change attempts came from your address", await refused.Content.ReadAsStringAsync());
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);

        // Page loads and other requests are not limited, and the account still opens from elsewhere.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        using var elsewhere = app.NewClient(SecondMachine);
        var signIn = await Forms.SignInAsync(elsewhere, AccountBootstrapper.FirstAdminEmail, app.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Change_password_posts_share_the_limit_and_loading_the_page_does_not_count()
    {
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?> { ["SignIn:AttemptsPerMinute"] = "3" });
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(client, email, password)).StatusCode);

        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            answers.Add((await Forms.SubmitAsync(client, "/account/change-password", new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = password,
                ["Input.NewPassword"] = "short",
                ["Input.ConfirmPassword"] = "short",
            })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/change-password")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gives_the_same_page_for_an_unknown_a_known_a_disabled_and_a_locked_account()
    {
        await using var app = await FlipFlowApp.StartAsync();
        var (known, _) = await app.CreateUserAsync(Roles.Operator);
        var (disabled, disabledPassword) = await app.CreateUserAsync(Roles.Operator);
        var (locked, lockedPassword) = await app.CreateUserAsync(Roles.Operator);
        var accounts = app.Services.GetRequiredService<IUserAdministration>();
        await accounts.SetDisabledAsync((await accounts.ListAsync()).Single(user => user.Email == disabled).Id, true);
        await LockForEveryoneAsync(app, locked);

        var unknown = await PageAsync(app, "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.com", WrongPassword);
        var wrong = await PageAsync(app, known, WrongPassword);
        var refusedDisabled = await PageAsync(app, disabled, disabledPassword);
        var refusedLocked = await PageAsync(app, locked, lockedPassword);

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains(Login.RefusedMessage(new SignInProtectionOptions()), unknown.Html);
        AssertSamePage(unknown, wrong);
        AssertSamePage(unknown, refusedDisabled);
        AssertSamePage(unknown, refusedLocked);
        Assert.DoesNotContain("This account is", unknown.Html);
    }

    [Fact]
    public async Task An_unknown_email_costs_one_password_check_as_a_known_locked_or_disabled_account_does()
    {
        var hasher = new CountingPasswordHasher();
        await using var app = await FlipFlowApp.StartAsync(services: services => services.AddSingleton<IPasswordHasher<FlipFlowUser>>(hasher));
        var (known, _) = await app.CreateUserAsync(Roles.Operator);
        var (locked, lockedPassword) = await app.CreateUserAsync(Roles.Operator);
        await LockForEveryoneAsync(app, locked);
        using var client = app.NewClient();

        async Task<int> ChecksOfAsync(string email, string password)
        {
            var before = hasher.Verifications;
            await Forms.SignInAsync(client, email, password);
            return hasher.Verifications - before;
        }

        Assert.Equal(1, await ChecksOfAsync("nobody@example.com", WrongPassword));
        Assert.Equal(1, await ChecksOfAsync(known, WrongPassword));
        Assert.Equal(1, await ChecksOfAsync(locked, lockedPassword));
    }

    [Trait("Category", "Integration")]
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_that_address_only()
    {
        await using var app = await FlipFlowApp.StartAsync();
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        using var attacker = app.NewClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Forms.SignInAsync(attacker, email, WrongPassword);
        }

        var refused = await Forms.SignInAsync(attacker, email, password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(Login.RefusedMessage(new SignInProtectionOptions()), WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        using var owner = app.NewClient(SecondMachine);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(owner, email, password)).StatusCode);
        var account = (await app.Services.GetRequiredService<IUserAdministration>().ListAsync()).Single(user => user.Email == email);
        Assert.False(account.IsLockedOut(DateTimeOffset.UtcNow));
        Assert.Equal(1, account.LockedAddresses);
    }

    [Trait("Category", "Integration")]
    [Fact]
    public async Task Failures_from_many_addresses_lock_the_account_for_everyone_until_an_Admin_unlocks_it()
    {
        await using var app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?> { ["SignIn:FailuresPerAccount"] = "10" });
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        foreach (var attacker in new[] { IPAddress.Loopback, SecondMachine })
        {
            using var client = app.NewClient(attacker);
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await Forms.SignInAsync(client, email, WrongPassword);
            }
        }
        using var owner = app.NewClient(ThirdMachine);
        Assert.Equal(HttpStatusCode.OK, (await Forms.SignInAsync(owner, email, password)).StatusCode);

        var accounts = app.Services.GetRequiredService<IUserAdministration>();
        var locked = (await accounts.ListAsync()).Single(user => user.Email == email);
        Assert.True(locked.IsLockedOut(DateTimeOffset.UtcNow));
        Assert.Equal(2, locked.LockedAddresses);
        await accounts.UnlockAsync(locked.Id);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(owner, email, password)).StatusCode);
        using var firstAttacker = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(firstAttacker, email, password)).StatusCode);
    }

    [Trait("Category", "Integration")]
    [Fact]
    public async Task Wrong_current_passwords_on_change_password_count_toward_the_lockout()
    {
        await using var app = await FlipFlowApp.StartAsync();
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(client, email, password)).StatusCode);

        Task<HttpResponseMessage> ChangeAsync(string current) => Forms.SubmitAsync(client, "/account/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = "Correct-Horse-42",
            ["Input.ConfirmPassword"] = "Correct-Horse-42",
        });
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await ChangeAsync(WrongPassword);
            Assert.Contains(ChangePassword.RefusedMessage(new SignInProtectionOptions()), WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        }

        var right = await ChangeAsync(password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(ChangePassword.RefusedMessage(new SignInProtectionOptions()), WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync()));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.Equal(5, await users.GetAccessFailedCountAsync(user));
        Assert.True(await users.CheckPasswordAsync(user, password));
        using var again = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Forms.SignInAsync(again, email, password)).StatusCode);
    }

    [Fact]
    public async Task A_non_ASCII_return_address_signs_in_and_lands_on_the_escaped_local_path()
    {
        await using var app = await FlipFlowApp.StartAsync();
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        using var client = app.NewClient();

        var response = await Forms.SubmitAsync(client, "/account/login?ReturnUrl=%2F%E3%80%82x", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

        Assert.True(HttpStatusCode.Redirect == response.StatusCode, $"{(int)response.StatusCode}: {string.Join("\n", app.Logs.Where(line => !line.StartsWith("Information", StringComparison.Ordinal)))}");
        Assert.Equal("/%E3%80%82x", Forms.RedirectPath(response, app.BaseAddress));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("FlipFlow.Auth=", StringComparison.Ordinal));
    }

    private static void AssertSamePage((HttpStatusCode Status, string Html) expected, (HttpStatusCode Status, string Html) actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        var differs = Enumerable.Range(0, Math.Min(expected.Html.Length, actual.Html.Length)).FirstOrDefault(at => expected.Html[at] != actual.Html[at], -1);
        Assert.True(expected.Html == actual.Html,
            $"The pages differ at {differs}: '{expected.Html[Math.Max(0, differs - 80)..Math.Min(expected.Html.Length, differs + 80)]}' "
            + $"against '{actual.Html[Math.Max(0, differs - 80)..Math.Min(actual.Html.Length, differs + 80)]}'");
    }

    private static async Task LockForEveryoneAsync(FlipFlowApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(email))!, DateTimeOffset.UtcNow.AddMinutes(15));
    }

    /// <summary>The status and page of a sign-in, from a fresh client, with the typed email and the antiforgery token blanked out.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> PageAsync(FlipFlowApp app, string email, string password)
    {
        using var client = app.NewClient();
        var response = await Forms.SignInAsync(client, email, password);
        var html = await response.Content.ReadAsStringAsync();
        html = AntiforgeryValue().Replace(html.Replace(email, "EMAIL", StringComparison.Ordinal), "${name}TOKEN\"");
        // Blazor's component state is encrypted afresh for every answer.
        html = ComponentState().Replace(html, "<!--STATE-->");
        return (response.StatusCode, html);
    }

    private static async Task<Dictionary<string, string>> LoginFormAsync(HttpClient client, string path)
    {
        var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
        return HiddenInput().Matches(html).ToDictionary(match => WebUtility.HtmlDecode(match.Groups["name"].Value), match => WebUtility.HtmlDecode(match.Groups["value"].Value));
    }

    private static FormUrlEncodedContent Fill(Dictionary<string, string> form, string email, string password) =>
        new(new Dictionary<string, string>(form) { ["Input.Email"] = email, ["Input.Password"] = password });

    [GeneratedRegex("(?<name>name=\"__RequestVerificationToken\" value=\")[^\"]*\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("<!--Blazor-Server-Component-State:.*?-->", RegexOptions.Singleline)]
    private static partial Regex ComponentState();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)" */?>""")]
    private static partial Regex HiddenInput();

    /// <summary>The app's hasher, counting how often it checks a password.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<FlipFlowUser>
    {
        private readonly PasswordHasher<FlipFlowUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(FlipFlowUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(FlipFlowUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

using AngleSharp.Dom;
using Bunit;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Tests.Components;
using FlipFlow.Web.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace FlipFlow.Tests.Users;

public sealed class UsersPageComponentTests : ComponentTest
{
    private IRenderedComponent<MudDialogProvider> dialogs = default!;
    private IRenderedComponent<MudSnackbarProvider> snackbars = default!;

    private IUserAdministration Accounts => App.GetRequiredService<IUserAdministration>();

    [Fact]
    public async Task An_Admin_sees_the_create_form_and_on_every_row_a_role_choice_Reset_password_and_Disable()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        await Accounts.CreateAsync("clerk@example.com", Roles.Operator);
        SignInAs(Roles.Admin);

        var page = RenderPage();

        Assert.NotNull(page.Find("#new-user-email"));
        Assert.Equal("Create user", page.Find("[data-testid=create-user]").TextContent.Trim());
        foreach (var email in new[] { "boss@example.com", "clerk@example.com" })
        {
            var row = Row(page, email);
            Assert.NotNull(row.QuerySelector("[data-testid=user-role-select]"));
            Assert.Equal("Reset password", row.QuerySelector("[data-testid=reset-password]")!.TextContent.Trim());
            Assert.Equal("Disable", row.QuerySelector("[data-testid=toggle-disabled]")!.TextContent.Trim());
        }
    }

    [Fact]
    public async Task Creating_a_user_shows_the_generated_password_once_and_the_new_row_must_change_it()
    {
        SignInAs(Roles.Admin);
        var page = RenderPage();

        page.Find("#new-user-email").Change("new.clerk@example.com");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=issued-password]")));
        var issued = page.Find("[data-testid=issued-password]");
        Assert.Contains("new.clerk@example.com", issued.TextContent);
        Assert.Equal(PasswordGenerator.Length, page.Find(".issued-password").TextContent.Trim().Length);
        Assert.Contains("Must change password", Row(page, "new.clerk@example.com").TextContent);
        Assert.Equal(Roles.Operator, (await Accounts.ListAsync()).Single(user => user.Email == "new.clerk@example.com").Role);

        page.Find("[data-testid=issued-password] button.mud-alert-close-button").Click();
        Assert.Empty(page.FindAll("[data-testid=issued-password]"));
    }

    [Fact]
    public async Task An_address_that_is_not_an_email_is_refused_under_the_field_and_nobody_is_created()
    {
        SignInAs(Roles.Admin);
        var page = RenderPage();

        page.Find("#new-user-email").Change("not-an-address");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("This is not an email address.", page.Find(".new-user-email").TextContent));
        Assert.Empty(page.FindAll("[data-testid=issued-password]"));
        Assert.Empty(await Accounts.ListAsync());
    }

    [Fact]
    public async Task Disable_asks_first_Cancel_keeps_the_user_and_confirming_disables_them()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        await Accounts.CreateAsync("clerk@example.com", Roles.Operator);
        SignInAs(Roles.Admin);
        var page = RenderPage();

        Row(page, "clerk@example.com").QuerySelector("[data-testid=toggle-disabled]")!.Click();
        AnswerDialog("Cancel");
        Assert.False(await IsDisabledAsync("clerk@example.com"));

        Row(page, "clerk@example.com").QuerySelector("[data-testid=toggle-disabled]")!.Click();
        Assert.Contains("Disable clerk@example.com?", dialogs.Find(".mud-dialog").TextContent);
        AnswerDialog("Disable");

        page.WaitForAssertion(() => Assert.Contains("Disabled", Row(page, "clerk@example.com").QuerySelector("[data-testid=user-status]")!.TextContent));
        Assert.Equal("Enable", Row(page, "clerk@example.com").QuerySelector("[data-testid=toggle-disabled]")!.TextContent.Trim());
        Assert.True(await IsDisabledAsync("clerk@example.com"));
    }

    [Fact]
    public async Task Disabling_the_last_active_Admin_is_refused_with_a_message_that_stays_until_closed()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        SignInAs(Roles.Admin);
        var page = RenderPage();

        Row(page, "boss@example.com").QuerySelector("[data-testid=toggle-disabled]")!.Click();
        AnswerDialog("Disable");

        snackbars.WaitForAssertion(() => Assert.Contains("boss@example.com is the last active Admin and cannot be disabled.", snackbars.Markup));
        var refusal = Assert.Single(snackbars.FindAll(".mud-snackbar.mud-alert-filled-error"));
        Assert.NotNull(refusal.QuerySelector("button"));
        Assert.False(await IsDisabledAsync("boss@example.com"));
        Assert.Contains("Active", Row(page, "boss@example.com").QuerySelector("[data-testid=user-status]")!.TextContent);
    }

    [Fact]
    public async Task Demoting_the_last_active_Admin_is_refused_and_the_row_shows_Admin_again()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        SignInAs(Roles.Admin);
        var page = RenderPage();

        await page.InvokeAsync(() => RoleSelect(page, "boss@example.com").Instance.SelectOption(Roles.Viewer));

        snackbars.WaitForAssertion(() => Assert.Contains("boss@example.com is the last active Admin and must stay Admin.", snackbars.Markup));
        Assert.Equal(Roles.Admin, (await Accounts.ListAsync()).Single().Role);
        page.WaitForAssertion(() => Assert.Equal(Roles.Admin, RoleSelect(page, "boss@example.com").Instance.GetState(select => select.Value)));
    }

    [Fact]
    public async Task Choosing_a_role_in_a_row_changes_the_users_role()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        await Accounts.CreateAsync("clerk@example.com", Roles.Operator);
        SignInAs(Roles.Admin);
        var page = RenderPage();

        await page.InvokeAsync(() => RoleSelect(page, "clerk@example.com").Instance.SelectOption(Roles.Viewer));

        snackbars.WaitForAssertion(() => Assert.Contains("clerk@example.com is now Viewer.", snackbars.Markup));
        Assert.Equal(Roles.Viewer, (await Accounts.ListAsync()).Single(user => user.Email == "clerk@example.com").Role);
    }

    [Fact]
    public async Task Reset_password_asks_first_and_then_shows_the_new_password_once()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        SignInAs(Roles.Admin);
        var page = RenderPage();

        Row(page, "boss@example.com").QuerySelector("[data-testid=reset-password]")!.Click();
        Assert.Contains("Give boss@example.com a new generated password?", dialogs.Find(".mud-dialog").TextContent);
        AnswerDialog("Reset");

        page.WaitForAssertion(() => Assert.Contains("boss@example.com", page.Find("[data-testid=issued-password]").TextContent));
        Assert.Equal(PasswordGenerator.Length, page.Find(".issued-password").TextContent.Trim().Length);
    }

    [Fact]
    public async Task Unlock_shows_only_on_locked_accounts_and_lets_them_sign_in_again_from_everywhere()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        var lockedHere = await Accounts.CreateAsync("clerk@example.com", Roles.Operator);
        var lockedEverywhere = await Accounts.CreateAsync("viewer@example.com", Roles.Viewer);
        for (var failure = 0; failure < 5; failure++)
        {
            await App.GetRequiredService<AddressLockouts>().RecordFailureAsync(lockedHere.User.Id, "203.0.113.7");
        }
        await using (var scope = App.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<FlipFlowUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(lockedEverywhere.User.Id))!,
                App.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(15));
        }
        SignInAs(Roles.Admin);
        var page = RenderPage();

        Assert.Null(Row(page, "boss@example.com").QuerySelector("[data-testid=unlock]"));
        Assert.Contains("Locked for 1 address", Row(page, "clerk@example.com").QuerySelector("[data-testid=user-status]")!.TextContent);
        Assert.Contains("Locked until", Row(page, "viewer@example.com").QuerySelector("[data-testid=user-status]")!.TextContent);

        foreach (var email in new[] { "clerk@example.com", "viewer@example.com" })
        {
            Row(page, email).QuerySelector("[data-testid=unlock]")!.Click();
            snackbars.WaitForAssertion(() => Assert.Contains($"Unlocked: {email} can sign in again from every address.", snackbars.Markup));
            page.WaitForAssertion(() => Assert.Null(Row(page, email).QuerySelector("[data-testid=unlock]")));
            Assert.Contains("Active", Row(page, email).QuerySelector("[data-testid=user-status]")!.TextContent);
        }
        Assert.All(await Accounts.ListAsync(), user => Assert.False(user.CanBeUnlocked(App.GetRequiredService<TimeProvider>().GetUtcNow())));
    }

    [Fact]
    public async Task A_circuit_whose_user_is_no_longer_an_Admin_changes_nothing()
    {
        await Accounts.CreateAsync("boss@example.com", Roles.Admin);
        await Accounts.CreateAsync("clerk@example.com", Roles.Operator);
        SignInAs(Roles.Operator);
        var page = RenderPage();

        Row(page, "clerk@example.com").QuerySelector("[data-testid=toggle-disabled]")!.Click();
        AnswerDialog("Disable");

        snackbars.WaitForAssertion(() => Assert.Contains("Only an Admin can change users.", snackbars.Markup));
        Assert.False(await IsDisabledAsync("clerk@example.com"));
    }

    /// <summary>Renders the page with MudBlazor's providers beside it, keeping the dialog and snackbar providers to look into.</summary>
    private IRenderedComponent<UsersPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        dialogs = Render<MudDialogProvider>();
        snackbars = Render<MudSnackbarProvider>();
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=users-grid]")));
        return page;
    }

    private void AnswerDialog(string button)
    {
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog")));
        dialogs.FindAll(".mud-dialog button").Single(candidate => candidate.TextContent.Trim() == button).Click();
    }

    private static IElement Row(IRenderedComponent<UsersPage> page, string email) =>
        page.FindAll("[data-testid=users-grid] tbody tr").Single(row => row.TextContent.Contains(email, StringComparison.Ordinal));

    private static IRenderedComponent<MudSelect<string>> RoleSelect(IRenderedComponent<UsersPage> page, string email) =>
        page.FindComponents<MudSelect<string>>().Single(select => select.Instance.UserAttributes.ContainsKey("aria-label")
                                                                  && (string?)select.Instance.UserAttributes["aria-label"] == $"Role of {email}");

    private async Task<bool> IsDisabledAsync(string email) => (await Accounts.ListAsync()).Single(user => user.Email == email).IsDisabled;
}

using AngleSharp.Dom;
using Bunit;
using FlipFlow.Domain.ApiKeys;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Security.ApiKeys;
using FlipFlow.Tests.Components;
using FlipFlow.Web.Features.ApiKeys;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FlipFlow.Tests.ApiKeys;

public sealed class ApiKeysPageComponentTests : ComponentTest
{
    private ApiKeyAdministration Keys => App.GetRequiredService<ApiKeyAdministration>();

    private ApiKeyAuthenticator Authenticator => App.GetRequiredService<ApiKeyAuthenticator>();

    [Fact]
    public async Task An_Admin_sees_every_key_with_its_prefix_role_creator_last_use_and_revocation_but_never_a_secret()
    {
        var used = await Keys.CreateAsync("nightly export", Roles.Operator, "boss@example.com");
        await Authenticator.AuthenticateAsync(used.Material);
        var gone = await Keys.CreateAsync("old laptop", Roles.Viewer, "boss@example.com");
        await Keys.RevokeAsync(gone.Key.Prefix, "auditor@example.com");
        SignInAs(Roles.Admin);

        var page = RenderApiKeysPage();

        var usedRow = Row(page, "nightly export");
        Assert.Contains($"ff_{used.Key.Prefix}_…", usedRow.TextContent);
        Assert.Contains("Operator", usedRow.TextContent);
        Assert.Contains("boss@example.com", usedRow.TextContent);
        Assert.DoesNotContain("never", usedRow.TextContent);
        Assert.Contains("Active", usedRow.QuerySelector("[data-testid=api-key-state]")!.TextContent);
        Assert.NotNull(usedRow.QuerySelector("[data-testid=revoke-api-key]"));

        var goneRow = Row(page, "old laptop");
        Assert.Contains("never", goneRow.TextContent);
        Assert.Contains("Revoked", goneRow.QuerySelector("[data-testid=api-key-state]")!.TextContent);
        Assert.Contains("by auditor@example.com", goneRow.TextContent);
        Assert.Null(goneRow.QuerySelector("[data-testid=revoke-api-key]"));

        Assert.DoesNotContain(used.Material[12..], page.Markup);
        Assert.DoesNotContain(gone.Material[12..], page.Markup);
    }

    [Fact]
    public async Task Creating_a_key_shows_it_once_as_a_Bearer_header_with_a_copy_button_and_the_list_then_shows_only_its_prefix()
    {
        var clipboard = JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        SignInAs(Roles.Admin, "boss@example.com");
        var page = RenderApiKeysPage();

        page.Find("[data-testid=new-api-key]").Click();
        DialogHost.WaitForAssertion(() => Assert.NotNull(DialogHost.Find("#api-key-name")));
        DialogHost.Find("#api-key-name").Change("deploy script");
        await DialogHost.InvokeAsync(() => DialogHost.FindComponent<MudSelect<string>>().Instance.SelectOption(Roles.Operator));
        DialogHost.Find("[data-testid=api-key-create]").Click();

        DialogHost.WaitForAssertion(() => Assert.NotEmpty(DialogHost.FindAll("[data-testid=issued-api-key]")));
        var material = DialogHost.Find(".issued-api-key").TextContent.Trim();
        Assert.True(ApiKeyMaterial.TryParse(material, out _), material);
        Assert.Equal($"Authorization: Bearer {material}", DialogHost.Find(".issued-api-key-header").TextContent.Trim());
        Assert.Contains("shown only this once", DialogHost.Find("[data-testid=issued-api-key]").TextContent);
        var key = await Authenticator.AuthenticateAsync(material);
        Assert.Equal(("deploy script", Roles.Operator), (key?.Name, key?.Role));

        DialogHost.Find("[data-testid=copy-api-key]").Click();
        Assert.Equal(material, Assert.Single(clipboard.Invocations).Arguments.Single());

        DialogHost.Find("[data-testid=api-key-done]").Click();
        DialogHost.WaitForAssertion(() => Assert.Empty(DialogHost.FindAll(".mud-dialog")));
        page.WaitForAssertion(() => Assert.Contains("boss@example.com", Row(page, "deploy script").TextContent));
        Assert.DoesNotContain(material[12..], page.Markup);
        Assert.DoesNotContain(material[12..], DialogHost.Markup);
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_under_the_field_and_nothing_is_created()
    {
        SignInAs(Roles.Admin);
        var page = RenderApiKeysPage();

        page.Find("[data-testid=new-api-key]").Click();
        DialogHost.WaitForAssertion(() => Assert.NotEmpty(DialogHost.FindAll("[data-testid=api-key-create]")));
        DialogHost.Find("[data-testid=api-key-create]").Click();

        DialogHost.WaitForAssertion(() => Assert.Contains("A key needs a name", DialogHost.Markup));
        Assert.Empty(DialogHost.FindAll("[data-testid=issued-api-key]"));
        Assert.Empty(await Keys.ListAsync());
    }

    [Fact]
    public async Task Revoke_asks_first_Cancel_keeps_the_key_and_confirming_revokes_it()
    {
        var issued = await Keys.CreateAsync("ci", Roles.Operator, "boss@example.com");
        SignInAs(Roles.Admin, "boss@example.com");
        var page = RenderApiKeysPage();

        Row(page, "ci").QuerySelector("[data-testid=revoke-api-key]")!.Click();
        AnswerDialog("Cancel");
        Assert.NotNull(await Authenticator.AuthenticateAsync(issued.Material));

        Row(page, "ci").QuerySelector("[data-testid=revoke-api-key]")!.Click();
        Assert.Contains($"Revoke the key ci (ff_{issued.Key.Prefix}_…)?", DialogHost.Find(".mud-dialog").TextContent);
        AnswerDialog("Revoke");

        page.WaitForAssertion(() => Assert.Contains("Revoked", Row(page, "ci").QuerySelector("[data-testid=api-key-state]")!.TextContent));
        Assert.Null(Row(page, "ci").QuerySelector("[data-testid=revoke-api-key]"));
        Assert.Null(await Authenticator.AuthenticateAsync(issued.Material));
        Assert.Equal("boss@example.com", Assert.Single(await Keys.ListAsync()).RevokedBy);
    }

    [Fact]
    public async Task A_circuit_whose_user_is_no_longer_an_Admin_creates_and_revokes_nothing()
    {
        var issued = await Keys.CreateAsync("ci", Roles.Operator, "boss@example.com");
        SignInAs(Roles.Operator);
        var page = RenderApiKeysPage();

        Row(page, "ci").QuerySelector("[data-testid=revoke-api-key]")!.Click();
        AnswerDialog("Revoke");
        SnackbarHost.WaitForAssertion(() => Assert.Contains("Not revoked: only an Admin can manage API keys.", SnackbarHost.Markup));
        Assert.NotNull(await Authenticator.AuthenticateAsync(issued.Material));

        page.Find("[data-testid=new-api-key]").Click();
        DialogHost.WaitForAssertion(() => Assert.NotNull(DialogHost.Find("#api-key-name")));
        DialogHost.Find("#api-key-name").Change("sneaky");
        DialogHost.Find("[data-testid=api-key-create]").Click();
        SnackbarHost.WaitForAssertion(() => Assert.Contains("Not created: only an Admin can manage API keys.", SnackbarHost.Markup));
        Assert.Single(await Keys.ListAsync());
        Assert.Empty(DialogHost.FindAll("[data-testid=issued-api-key]"));
    }

    private IRenderedComponent<ApiKeysPage> RenderApiKeysPage()
    {
        var page = RenderPage<ApiKeysPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=api-keys-grid]")));
        return page;
    }

    private void AnswerDialog(string button)
    {
        DialogHost.WaitForAssertion(() => Assert.NotEmpty(DialogHost.FindAll(".mud-dialog")));
        DialogHost.FindAll(".mud-dialog button").Single(candidate => candidate.TextContent.Trim() == button).Click();
    }

    private static IElement Row(IRenderedComponent<ApiKeysPage> page, string name) =>
        page.FindAll("[data-testid=api-keys-grid] tbody tr").Single(row => row.QuerySelector(".api-key-name")?.TextContent.Trim() == name);
}

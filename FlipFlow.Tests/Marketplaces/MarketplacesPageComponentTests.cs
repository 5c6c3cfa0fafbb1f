using FlipFlow.Tests.Components;
using Bunit;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Web.Features.Marketplaces;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Marketplaces;

public sealed class MarketplacesPageComponentTests : ComponentTest
{
    private const string Actions = "[data-testid^=marketplace-credentials-], [data-testid^=marketplace-disconnect-], [data-testid^=connection-form-], " +
        "[data-testid^=marketplace-save-], input[type=password]";

    private MarketplaceConnections Connections => App.GetRequiredService<MarketplaceConnections>();

    /// <summary>Saves eBay's connection with a value in every field, as an Admin would.</summary>
    private async Task ConnectEbayAsync() =>
        await Connections.SaveAsync(Marketplace.Ebay,
            Connections.Describe(Marketplace.Ebay).Fields.ToDictionary(field => field.Name, field => (string?)(field.Default ?? $"value-{field.Name}")), "admin@example.com");

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    public async Task Only_an_Admin_has_credential_and_disconnect_buttons(string role)
    {
        await ConnectEbayAsync();
        SignInAs(role);

        var page = RenderPage<MarketplacesPage>();

        page.WaitForAssertion(() => Assert.Equal("Connected", page.Find("[data-testid=marketplace-health-ebay]").TextContent.Trim()));
        Assert.Equal("Not configured", page.Find("[data-testid=marketplace-health-etsy]").TextContent.Trim());
        Assert.Empty(page.FindAll(Actions));
        Assert.Contains("An Admin connects marketplaces here.", page.Markup);
    }

    [Fact]
    public void An_Admin_sees_compact_cards_and_opens_a_credential_form_on_demand()
    {
        SignInAs(Roles.Admin);

        var page = RenderPage<MarketplacesPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=marketplace-credentials-ebay]")));
        Assert.Equal("Connect…", page.Find("[data-testid=marketplace-credentials-ebay]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=marketplace-credentials-etsy]"));
        // Demo needs nothing; no card shows a form until asked, and nothing unconnected can be disconnected.
        Assert.Empty(page.FindAll("[data-testid=marketplace-credentials-demo], [data-testid^=connection-form-], [data-testid^=marketplace-disconnect-]"));

        page.Find("[data-testid=marketplace-credentials-ebay]").Click();

        var fields = Connections.Describe(Marketplace.Ebay).Fields;
        Assert.NotNull(page.Find("[data-testid=connection-form-ebay]"));
        Assert.Empty(page.FindAll("[data-testid^=connection-form-etsy]"));
        Assert.All(fields, field => Assert.NotNull(page.Find($"[data-testid=field-ebay-{field.Name}]")));
        Assert.Equal(fields.Count(field => field.Secret), page.FindAll("[data-testid=connection-form-ebay] input[type=password]").Count);
    }

    [Fact]
    public void Saving_with_nothing_entered_names_each_required_field_under_it()
    {
        SignInAs(Roles.Admin);
        var page = RenderPage<MarketplacesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=marketplace-credentials-ebay]").Click());

        page.Find("[data-testid=connection-form-ebay]").Submit();

        var required = Connections.Describe(Marketplace.Ebay).Fields.Where(field => field.Required && field.Default is null).ToList();
        Assert.NotEmpty(required);
        page.WaitForAssertion(() => Assert.All(required, field =>
            Assert.Contains("required", page.Find($"[data-testid=field-error-ebay-{field.Name}]").TextContent, StringComparison.OrdinalIgnoreCase)));
        Assert.NotNull(page.Find("[data-testid=connection-form-ebay]"));
    }

    [Fact]
    public async Task A_saved_connection_offers_Disconnect_and_replacing_its_credentials_without_showing_its_secrets()
    {
        await ConnectEbayAsync();
        SignInAs(Roles.Admin);
        var page = RenderPage<MarketplacesPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=marketplace-disconnect-ebay]")));
        Assert.Equal("Replace credentials…", page.Find("[data-testid=marketplace-credentials-ebay]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=marketplace-disconnect-etsy]"));

        page.Find("[data-testid=marketplace-credentials-ebay]").Click();

        foreach (var secret in Connections.Describe(Marketplace.Ebay).Fields.Where(field => field.Secret))
        {
            var input = page.Find($"[data-testid=field-ebay-{secret.Name}]");
            Assert.Equal("password", input.GetAttribute("type"));
            Assert.True(string.IsNullOrEmpty(input.GetAttribute("value")), $"{secret.Name} was sent back to the browser.");
            Assert.Equal("saved — leave empty to keep", input.GetAttribute("placeholder"));
            Assert.Contains("Saved — leave empty to keep", page.Find($"[data-testid=secret-saved-ebay-{secret.Name}]").TextContent);
        }
        Assert.DoesNotContain("value-", string.Join(" ", Connections.Describe(Marketplace.Ebay).Fields.Where(field => field.Secret)
            .Select(field => page.Find($"[data-testid=field-ebay-{field.Name}]").OuterHtml)));
    }

    [Fact]
    public async Task Disconnect_asks_first_and_keeps_the_connection_when_the_Admin_declines()
    {
        await ConnectEbayAsync();
        SignInAs(Roles.Admin);
        var page = RenderPage<MarketplacesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=marketplace-disconnect-ebay]").Click());

        DialogHost.WaitForAssertion(() => Assert.Contains("FlipFlow forgets its settings", DialogHost.Markup));
        DialogHost.FindAll("button").Single(button => button.TextContent.Trim() == "Keep connected").Click();

        DialogHost.WaitForAssertion(() => Assert.DoesNotContain("FlipFlow forgets its settings", DialogHost.Markup));
        Assert.Equal(ConnectionHealth.Connected, (await Connections.GetAsync(Marketplace.Ebay)).Health);

        page.Find("[data-testid=marketplace-disconnect-ebay]").Click();
        DialogHost.WaitForAssertion(() => DialogHost.FindAll("button").Single(button => button.TextContent.Trim() == "Disconnect").Click());

        page.WaitForAssertion(() => Assert.Equal("Not configured", page.Find("[data-testid=marketplace-health-ebay]").TextContent.Trim()));
        Assert.Equal(ConnectionHealth.NotConfigured, (await Connections.GetAsync(Marketplace.Ebay)).Health);
        Assert.Empty(page.FindAll("[data-testid=marketplace-disconnect-ebay]"));
    }
}

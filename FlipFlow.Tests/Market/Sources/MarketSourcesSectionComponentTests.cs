using Bunit;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Market.Sources;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Tests.Components;
using FlipFlow.Web.Features.Marketplaces;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Market.Sources;

/// <summary>The "Market sources" section of the Marketplaces page: state for everyone, connection fields for an Admin, secrets never shown again.</summary>
public sealed class MarketSourcesSectionComponentTests : ComponentTest
{
    private MarketSourceConnections Sources => App.GetRequiredService<MarketSourceConnections>();

    private Task ConnectBrowseAsync() => Sources.SaveAsync(MarketSourceKind.EbayBrowse, new Dictionary<string, string?>
    {
        [EbayBuySource.Field.ClientId] = "watch-app-id",
        [EbayBuySource.Field.ClientSecret] = "watch-cert-secret",
    }, "admin@example.com");

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    public async Task Every_role_sees_each_sources_state_and_only_an_Admin_gets_its_fields(string role)
    {
        await ConnectBrowseAsync();
        SignInAs(role);

        var page = RenderPage<MarketplacesPage>();

        page.WaitForAssertion(() => Assert.Equal("Connected", page.Find("[data-testid=source-health-ebaybrowse]").TextContent.Trim()));
        Assert.Equal("Not configured", page.Find("[data-testid=source-health-ebayinsights]").TextContent.Trim());
        Assert.Equal("Not configured", page.Find("[data-testid=source-health-blokpax]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid^=source-connect-], [data-testid^=source-disconnect-], [data-testid^=source-form-]"));
        Assert.Contains("An Admin connects them here.", page.Find("[data-testid=market-sources]").TextContent);
    }

    [Fact]
    public void An_Admin_opens_a_sources_form_with_its_fields_and_saving_it_empty_names_the_required_ones()
    {
        SignInAs(Roles.Admin);
        var page = RenderPage<MarketplacesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=source-connect-ebayinsights]").Click());

        var fields = Sources.Describe(MarketSourceKind.EbayInsights).Fields;
        Assert.All(fields, field => Assert.NotNull(page.Find($"[data-testid=source-field-ebayinsights-{field.Name}]")));
        Assert.Equal("password", page.Find($"[data-testid=source-field-ebayinsights-{EbayBuySource.Field.ClientSecret}]").GetAttribute("type"));
        Assert.Empty(page.FindAll("[data-testid=source-form-ebaybrowse]"));

        page.Find("[data-testid=source-form-ebayinsights]").Submit();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("required", page.Find($"[data-testid=source-field-error-ebayinsights-{EbayBuySource.Field.ClientId}]").TextContent, StringComparison.Ordinal);
            Assert.Contains("required", page.Find($"[data-testid=source-field-error-ebayinsights-{EbayBuySource.Field.ClientSecret}]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_Admin_connects_a_source_from_the_page_and_its_secret_is_never_sent_back()
    {
        SignInAs(Roles.Admin);
        var page = RenderPage<MarketplacesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=source-connect-ebaybrowse]").Click());

        page.Find($"[data-testid=source-field-ebaybrowse-{EbayBuySource.Field.ClientId}]").Input("watch-app-id");
        page.Find($"[data-testid=source-field-ebaybrowse-{EbayBuySource.Field.ClientSecret}]").Input("watch-cert-secret");
        page.Find("[data-testid=source-form-ebaybrowse]").Submit();

        page.WaitForAssertion(() => Assert.Equal("Connected", page.Find("[data-testid=source-health-ebaybrowse]").TextContent.Trim()));
        var state = await Sources.GetAsync(MarketSourceKind.EbayBrowse);
        Assert.Equal("watch-app-id", state.Settings[EbayBuySource.Field.ClientId]);
        Assert.Equal("someone@example.com", state.UpdatedBy);

        page.Find("[data-testid=source-connect-ebaybrowse]").Click();
        var secret = page.Find($"[data-testid=source-field-ebaybrowse-{EbayBuySource.Field.ClientSecret}]");
        Assert.True(string.IsNullOrEmpty(secret.GetAttribute("value")));
        Assert.Equal("saved — leave empty to keep", secret.GetAttribute("placeholder"));
        Assert.DoesNotContain("watch-cert-secret", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Marketplace_Insights_access_note_is_shown_on_its_source()
    {
        await Sources.SaveAsync(MarketSourceKind.EbayInsights, new Dictionary<string, string?>
        {
            [EbayBuySource.Field.ClientId] = "watch-app-id",
            [EbayBuySource.Field.ClientSecret] = "watch-cert-secret",
        }, "admin@example.com");
        await Sources.SetAccessNoteAsync(MarketSourceKind.EbayInsights, EbayInsightsSource.NoAccessNote);
        SignInAs(Roles.Viewer);

        var page = RenderPage<MarketplacesPage>();

        page.WaitForAssertion(() => Assert.Contains("This eBay account has no Marketplace Insights access",
            page.Find("[data-testid=source-access-note-ebayinsights]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=source-access-note-ebaybrowse]"));
    }

    [Fact]
    public async Task Disconnect_asks_first_then_forgets_the_connection()
    {
        await ConnectBrowseAsync();
        SignInAs(Roles.Admin);
        var page = RenderPage<MarketplacesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=source-disconnect-ebaybrowse]").Click());

        DialogHost.WaitForAssertion(() => DialogHost.FindAll("button").Single(button => button.TextContent.Trim() == "Disconnect").Click());

        page.WaitForAssertion(() => Assert.Equal("Not configured", page.Find("[data-testid=source-health-ebaybrowse]").TextContent.Trim()));
        Assert.Equal(ConnectionHealth.NotConfigured, (await Sources.GetAsync(MarketSourceKind.EbayBrowse)).Health);
    }
}

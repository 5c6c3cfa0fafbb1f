using FlipFlow.Tests.Components;
using Bunit;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Marketplaces;
using FlipFlow.Web.Features.Products;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FlipFlow.Tests.Products;

public sealed class ProductsPageComponentTests : ComponentTest
{
    private const string OperatorActions = "[data-testid=products-new], [data-testid=products-publish], [data-testid=products-selection], " +
        "[data-testid^=product-select-], [data-testid=product-edit], [data-testid=products-select-page]";

    private ProductCatalog Catalog => App.GetRequiredService<ProductCatalog>();

    private Task AddAsync(string sku, int quantity) => Catalog.CreateAsync(new ProductInput(sku, $"Card {sku}", "", ItemCondition.LikeNew, 4.50m, "USD", quantity, [],
        new Dictionary<string, string>()));

    [Fact]
    public async Task A_Viewer_sees_the_products_and_the_export_but_no_action()
    {
        await AddAsync("CARD-1", 1);
        await AddAsync("CARD-2", 3);
        SignInAs(Roles.Viewer);

        var page = RenderPage<ProductsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=product-sku-cell]").Count));
        Assert.Equal("Export CSV", page.Find("[data-testid=products-export]").TextContent.Trim());
        Assert.Equal("products/export.csv", page.Find("[data-testid=products-export]").GetAttribute("href"));
        Assert.Empty(page.FindAll(OperatorActions));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public async Task An_Operator_or_Admin_may_create_select_publish_and_edit(string role)
    {
        await AddAsync("CARD-1", 1);
        SignInAs(role);

        var page = RenderPage<ProductsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=product-select-CARD-1]")));
        Assert.NotNull(page.Find("[data-testid=products-new]"));
        Assert.NotNull(page.Find("[data-testid=products-publish]"));
        Assert.NotNull(page.Find("[data-testid=product-edit]"));
        Assert.Equal("Select products to publish them.", page.Find("[data-testid=products-selected-count]").TextContent.Trim());

        page.Find("[data-testid=product-select-CARD-1]").Change(true);

        page.WaitForAssertion(() => Assert.Equal("1 selected", page.Find("[data-testid=products-selected-count]").TextContent.Trim()));
    }

    [Fact]
    public void An_empty_catalogue_offers_an_Operator_demo_products()
    {
        SignInAs(Roles.Operator);

        var page = RenderPage<ProductsPage>();

        page.WaitForAssertion(() => Assert.Contains("No products yet", page.Find("[data-testid=products-empty]").TextContent));
        Assert.Contains("New product", page.Find("[data-testid=products-empty]").TextContent);
        Assert.Equal("Add 200 demo products", page.Find("[data-testid=demo-import]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=demo-count]"));
        Assert.Empty(page.FindAll("[data-testid=products-selection], [data-testid=products-no-match]"));
    }

    [Fact]
    public void An_empty_catalogue_tells_a_Viewer_who_adds_products()
    {
        SignInAs(Roles.Viewer);

        var page = RenderPage<ProductsPage>();

        page.WaitForAssertion(() => Assert.Contains("An Operator or an Admin adds products here.", page.Find("[data-testid=products-empty]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=demo-import], [data-testid=demo-count]"));
    }

    [Fact]
    public async Task A_search_that_matches_nothing_says_so_instead_of_the_empty_catalogue()
    {
        await AddAsync("CARD-1", 1);
        SignInAs(Roles.Viewer);
        var page = RenderPage<ProductsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=product-sku-cell]")));

        page.Find("[data-testid=products-search]").Change("zzz");

        page.WaitForAssertion(() => Assert.Contains("No product has “zzz”", page.Find("[data-testid=products-no-match]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=products-empty]"));
    }

    [Fact]
    public async Task A_refused_publish_stays_on_screen_until_dismissed()
    {
        await AddAsync("EMPTY-1", 0);
        SignInAs(Roles.Operator);
        // Successes go after 50 ms here: a refusal must outlive that by far.
        Snackbars.Configuration.VisibleStateDuration = 50;
        Snackbars.Configuration.ShowTransitionDuration = 0;
        Snackbars.Configuration.HideTransitionDuration = 0;
        var page = RenderPage<ProductsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=product-select-EMPTY-1]").Change(true));
        page.WaitForAssertion(() => page.Find("[data-testid=products-publish] button").Click());

        Popovers.WaitForElement("[data-testid=publish-demo]").Click();

        SnackbarHost.WaitForAssertion(() => Assert.Contains("EMPTY-1: none in stock", SnackbarHost.Markup), TimeSpan.FromSeconds(10));
        var refusal = Assert.Single(Snackbars.ShownSnackbars);
        Assert.Equal(Severity.Error, refusal.Severity);
        await Task.Delay(1_000);
        Assert.Single(Snackbars.ShownSnackbars);
        Assert.Contains("EMPTY-1: none in stock", SnackbarHost.Markup);
        Assert.NotEmpty(SnackbarHost.FindAll("button"));
    }
}

using FlipFlow.Tests.Components;
using AngleSharp.Dom;
using Bunit;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Marketplaces;
using FlipFlow.Web.Features.Products;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FlipFlow.Tests.Products;

public sealed class ProductDialogComponentTests : ComponentTest
{
    private ProductCatalog Catalog => App.GetRequiredService<ProductCatalog>();

    /// <summary>Opens the New product dialog as the products page does, with every field filled well unless a test changes it.</summary>
    private async Task<IDialogReference> OpenAsync(long? productId = null)
    {
        SignInAs(Roles.Operator);
        RenderPage<MudText>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ProductDialog> { { dialog => dialog.ProductId, productId } };
        var reference = await DialogHost.InvokeAsync(() => dialogs.ShowAsync<ProductDialog>("New product", parameters));
        DialogHost.WaitForAssertion(() => Assert.NotNull(DialogHost.Find("[data-testid=product-form]")));
        return reference;
    }

    private IElement Field(string testId) => DialogHost.Find($"[data-testid={testId}]");

    private void FillWell()
    {
        Field("product-sku").Change("CARD-1");
        Field("product-title").Change("Great Core of Alderok, near mint");
        Field("product-price").Change("12.50");
        Field("product-currency").Change("USD");
        Field("product-quantity").Change("2");
    }

    private void Save() => DialogHost.Find("[data-testid=product-form]").Submit();

    private string ErrorOf(string field) => DialogHost.Find($"[data-testid=product-error-{field}]").TextContent.Trim();

    private async Task NothingSavedAsync() => Assert.Equal(0, (await Catalog.ListAsync(null, ProductSort.Newest, 0, 10)).Total);

    [Fact]
    public async Task An_empty_form_says_under_each_required_field_what_it_needs_and_saves_nothing()
    {
        await OpenAsync();
        Field("product-price").Change("0");

        Save();

        DialogHost.WaitForAssertion(() => Assert.Equal("Enter a title.", ErrorOf("Title")));
        Assert.Equal("Enter a SKU.", ErrorOf("Sku"));
        Assert.Contains("above 0", ErrorOf("Price"));
        Assert.Empty(DialogHost.FindAll("[data-testid=product-error-Quantity], [data-testid=product-error-Currency]"));
        await NothingSavedAsync();
    }

    [Theory]
    [InlineData("product-price", "12.345", "Price", "at most two decimals")]
    [InlineData("product-price", "-3", "Price", "above 0")]
    [InlineData("product-quantity", "-1", "Quantity", "between 0 and 100,000")]
    [InlineData("product-currency", "US", "Currency", "three-letter ISO code")]
    [InlineData("product-sku", "CARD 1", "Sku", "no spaces")]
    [InlineData("product-images", "https://images.example.com/a.jpg\nftp://images.example.com/b.jpg", "Images", "ftp://images.example.com/b.jpg")]
    [InlineData("product-specifics", "Game: Wonders of the First\nno colon here", "ItemSpecifics", "Line 2")]
    public async Task A_bad_value_is_named_under_its_own_field_only(string input, string value, string field, string message)
    {
        await OpenAsync();
        FillWell();
        Field(input).Change(value);

        Save();

        DialogHost.WaitForAssertion(() => Assert.Contains(message, ErrorOf(field)));
        Assert.Single(DialogHost.FindAll("[data-testid^=product-error-]"));
        Assert.NotNull(Field(input).Closest(".mud-input-error"));
        await NothingSavedAsync();
    }

    [Fact]
    public async Task A_good_form_creates_the_product_and_closes_with_it()
    {
        var dialog = await OpenAsync();
        FillWell();

        Save();

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        var created = Assert.IsType<Product>(result!.Data);
        Assert.Equal(("CARD-1", 12.50m, 2), (created.Sku, created.Price, created.Quantity));
        Assert.Equal(1, (await Catalog.ListAsync(null, ProductSort.Newest, 0, 10)).Total);
    }
}

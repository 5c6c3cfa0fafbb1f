using FlipFlow.Tests.Components;
using AngleSharp.Dom;
using Bunit;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Marketplaces;
using FlipFlow.Web.Features.Products;
using FlipFlow.Web.Hosting;
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
    [InlineData("product-currency", "US", "Currency", "US is not an ISO 4217 currency code")]
    [InlineData("product-currency", "ABC", "Currency", "ABC is not an ISO 4217 currency code")]
    [InlineData("product-currency", "USDX", "Currency", "USDX is not an ISO 4217 currency code")]
    [InlineData("product-quantity", "99999999999", "Quantity", "The quantity is between 0 and 100,000; 99999999999 is not.")]
    [InlineData("product-quantity", "", "Quantity", "Enter a quantity")]
    [InlineData("product-quantity", "two", "Quantity", "\"two\" is not a quantity")]
    [InlineData("product-price", "0.001", "Price", "The price must be at least 0.01: 0.001 is less than a cent.")]
    [InlineData("product-price", "twelve", "Price", "\"twelve\" is not a price")]
    [InlineData("product-sku", "CARD\u200B-1", "Sku", "U+200B ZERO WIDTH SPACE at position 5")]
    [InlineData("product-sku", "CARD-1-ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCDEFGHIJKLMNOPQ", "Sku", "The SKU has 51 characters; at most 50")]
    [InlineData("product-title", "Nice card \u202Egnp.exe", "Title", "U+202E RIGHT-TO-LEFT OVERRIDE at position 11")]
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

    [Fact]
    public async Task What_was_typed_stays_in_the_field_beside_its_message_not_a_coerced_number()
    {
        await OpenAsync();
        FillWell();
        Field("product-price").Change("0.001");
        Field("product-quantity").Change("99999999999");

        Save();

        DialogHost.WaitForAssertion(() => Assert.Contains("at least 0.01", ErrorOf("Price")));
        Assert.Equal("0.001", Field("product-price").GetAttribute("value"));
        Assert.Equal("99999999999", Field("product-quantity").GetAttribute("value"));
        await NothingSavedAsync();
    }

    [Fact]
    public async Task No_field_cuts_what_is_typed_and_every_field_fits_in_one_circuit_message()
    {
        await OpenAsync();

        var fields = DialogHost.FindAll("[data-testid=product-form] input:not([type=hidden]):not([readonly]), [data-testid=product-form] textarea")
            .Where(field => field.GetAttribute("data-testid") is not null).ToList();
        Assert.Contains(fields, field => field.GetAttribute("data-testid") == "product-description");
        Assert.All(fields, field =>
        {
            // Without a maxlength of its own a field takes MudBlazor's 524,288; a smaller one would cut a value over its limit silently.
            var maxLength = int.Parse(field.GetAttribute("maxlength") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(maxLength == CircuitLimits.FieldCharacters, $"{field.GetAttribute("data-testid")} has maxlength {maxLength}");
        });
        Assert.True(ProductLimits.Description < CircuitLimits.FieldCharacters);
        Assert.Equal(6_356_992, CircuitLimits.MaximumReceiveMessageSize);
        var description = DialogHost.FindComponents<MudTextField<string>>().Single(field => field.Instance.UserAttributes.TryGetValue("data-testid", out var id)
            && (string?)id == "product-description");
        Assert.False(description.Instance.Immediate);
        Assert.Equal(ProductLimits.Description, description.Instance.Counter);
    }
}

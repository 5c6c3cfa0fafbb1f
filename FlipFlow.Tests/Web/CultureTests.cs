using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Tests.Web;

[Trait("Category", "Integration")]
public sealed class CultureTests
{
    [Theory]
    [InlineData(null, "M/d/yyyy")]
    [InlineData("de-DE", "dd.MM.yyyy")]
    public async Task Dates_are_written_in_the_configured_culture_whatever_the_browser_asks_for(string? culture, string format)
    {
        await using var app = await FlipFlowApp.StartAsync(settings: culture is null ? null : new Dictionary<string, string?> { ["FlipFlow:Culture"] = culture });
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        using var client = app.NewClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        await Forms.SignInAsync(client, email, password);

        var html = await client.GetStringAsync("/users");

        var today = DateTimeOffset.UtcNow.ToLocalTime().ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(today, html);
    }

    [Fact]
    public void An_unknown_culture_is_refused_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new FlipFlowOptions { Culture = "xx-nowhere" }.GetCulture());
        Assert.Contains("FlipFlow:Culture", error.Message);
    }
}

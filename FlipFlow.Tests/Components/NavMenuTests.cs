using Bunit;
using FlipFlow.Domain.Users;
using FlipFlow.Web.Components.Layout;

namespace FlipFlow.Tests.Components;

public sealed class NavMenuTests : ComponentTest
{
    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Operator, false)]
    [InlineData(Roles.Viewer, false)]
    public void Only_an_Admin_sees_the_Users_API_keys_and_System_links(string role, bool sees)
    {
        SignInAs(role);

        var links = Render<NavMenu>().FindAll("a").Select(link => link.TextContent.Trim()).ToList();

        Assert.Contains("Products", links);
        Assert.Contains("API reference", links);
        Assert.Contains("Scanner", links);
        Assert.Contains("Cards", links);
        Assert.Equal(sees, links.Contains("Users"));
        Assert.Equal(sees, links.Contains("API keys"));
        Assert.Equal(sees, links.Contains("System"));
    }
}

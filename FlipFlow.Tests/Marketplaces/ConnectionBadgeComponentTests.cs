using Bunit;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Tests.Components;
using FlipFlow.Web.Features.Marketplaces;

namespace FlipFlow.Tests.Marketplaces;

public sealed class ConnectionBadgeComponentTests : ComponentTest
{
    [Theory]
    [InlineData(ConnectionHealth.NotConfigured, "Not configured", "mud-chip-color-default")]
    [InlineData(ConnectionHealth.Connected, "Connected", "mud-chip-color-success")]
    [InlineData(ConnectionHealth.Failing, "Failing", "mud-chip-color-error")]
    public void A_connection_state_is_a_chip_worded_as_the_console_words_it_in_its_own_colour(ConnectionHealth health, string words, string colour)
    {
        var chip = Render<ConnectionBadge>(parameters => parameters
            .Add(badge => badge.Health, health)
            .AddUnmatched("data-testid", "health")).Find("[data-testid=health]");

        Assert.Equal(words, chip.TextContent.Trim());
        Assert.Equal(health.Describe(), chip.TextContent.Trim());
        Assert.Contains("mud-chip", chip.ClassList);
        Assert.Contains(colour, chip.ClassList);
    }

    [Fact]
    public void Every_state_has_a_colour_of_its_own()
    {
        var colours = Enum.GetValues<ConnectionHealth>().Select(ConnectionBadge.ColorOf).ToList();

        Assert.Equal(colours.Count, colours.Distinct().Count());
    }
}

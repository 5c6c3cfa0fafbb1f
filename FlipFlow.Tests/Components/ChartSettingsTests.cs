using System.Text.Json;
using FlipFlow.Web.Components.Charts;

namespace FlipFlow.Tests.Components;

/// <summary>The options the charts hand ApexCharts, as the JS interop serialises them.</summary>
public sealed class ChartOptionsTests
{
    private static JsonElement YAxis(ChartSettings options) =>
        JsonSerializer.SerializeToElement(options.ToApexOptions("chart-1", [])).GetProperty("yaxis")[0];

    [Fact]
    public void A_chart_without_an_axis_title_sends_no_title_for_ApexCharts_to_print_as_null()
    {
        Assert.False(YAxis(new ChartSettings(ChartKind.Line)).TryGetProperty("title", out _));
    }

    [Fact]
    public void A_chart_with_an_axis_title_sends_it()
    {
        Assert.Equal("views", YAxis(new ChartSettings(ChartKind.Line, YAxisTitle: "views")).GetProperty("title").GetProperty("text").GetString());
    }
}

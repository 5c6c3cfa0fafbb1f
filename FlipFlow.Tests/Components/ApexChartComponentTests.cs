using System.Globalization;
using System.Text.Json;
using Bunit;
using FlipFlow.Web.Components.Charts;
using Microsoft.JSInterop;

namespace FlipFlow.Tests.Components;

/// <summary>What the console's chart hands ApexCharts over JS interop: series, kinds, y-axes and how their figures read.</summary>
public sealed class ApexChartComponentTests : BunitContext
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = Day1.AddDays(1);
    private readonly BunitJSModuleInterop module;

    public ApexChartComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        module = JSInterop.SetupModule("./js/apexchart.js");
        module.SetupVoid("create", _ => true).SetVoidResult();
        module.SetupVoid("update", _ => true).SetVoidResult();
    }

    private IRenderedComponent<ApexChart> RenderChart(ChartSettings options, params ChartSeries[] series) =>
        Render<ApexChart>(parameters => parameters.Add(chart => chart.Options, options).Add(chart => chart.Series, series));

    /// <summary>The options as they cross to the browser: JS interop writes them with the web's JSON defaults.</summary>
    private static JsonElement Json(object? value) => JsonSerializer.SerializeToElement(value, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private JsonElement CreatedOptions(IRenderedComponent<ApexChart> chart)
    {
        var create = module.VerifyInvoke("create");
        Assert.Equal(chart.Instance.ChartId, create.Arguments[0]);
        return Json(create.Arguments[1]);
    }

    [Fact]
    public void A_chart_is_created_with_its_series_names_points_and_kind()
    {
        var chart = RenderChart(new ChartSettings(ChartKind.Bar, YAxisTitle: "units"), new ChartSeries("Units sold", [new(Day1, 3), new(Day2, 1.005)]));

        var options = CreatedOptions(chart);
        Assert.Equal("bar", options.GetProperty("chart").GetProperty("type").GetString());
        var series = Assert.Single(options.GetProperty("series").EnumerateArray());
        Assert.Equal("Units sold", series.GetProperty("name").GetString());
        Assert.Equal([[Day1.ToUnixTimeMilliseconds(), 3], [Day2.ToUnixTimeMilliseconds(), 1.0]],
            series.GetProperty("data").EnumerateArray().Select(point => point.EnumerateArray().Select(value => value.GetDouble()).ToArray()).ToArray());
        Assert.False(options.GetProperty("legend").GetProperty("show").GetBoolean());
        var axis = Assert.Single(options.GetProperty("yaxis").EnumerateArray());
        Assert.Equal("units", axis.GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Revenue_and_listed_value_each_get_an_axis_of_their_own_with_columns_under_a_line()
    {
        var options = new ChartSettings(ChartKind.Line)
        {
            Axes = [new ChartAxis("revenue (USD)", Decimals: 2), new ChartAxis("listed value (USD)", Decimals: 2, Opposite: true)],
        };
        var chart = RenderChart(options,
            new ChartSeries("Revenue", [new(Day1, 310.5)], ChartKind.Bar, Axis: 0),
            new ChartSeries("Listed value", [new(Day1, 61_250)], ChartKind.Line, Axis: 1));

        var created = CreatedOptions(chart);
        // ApexCharts mixes columns and lines in a chart of type line, each series with its own type.
        Assert.Equal("line", created.GetProperty("chart").GetProperty("type").GetString());
        Assert.Equal(["column", "line"], created.GetProperty("series").EnumerateArray().Select(series => series.GetProperty("type").GetString()!).ToArray());
        var axes = created.GetProperty("yaxis").EnumerateArray().ToList();
        Assert.Equal(2, axes.Count);
        Assert.Equal(["Revenue"], axes[0].GetProperty("seriesName").EnumerateArray().Select(name => name.GetString()!).ToArray());
        Assert.Equal(["Listed value"], axes[1].GetProperty("seriesName").EnumerateArray().Select(name => name.GetString()!).ToArray());
        Assert.False(axes[0].GetProperty("opposite").GetBoolean());
        Assert.True(axes[1].GetProperty("opposite").GetBoolean());
        Assert.Equal("listed value (USD)", axes[1].GetProperty("title").GetProperty("text").GetString());
        Assert.True(created.GetProperty("legend").GetProperty("show").GetBoolean());
    }

    [Fact]
    public void Axis_figures_are_written_in_the_configured_culture_with_as_many_decimals_as_they_have()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var options = new ChartSettings(ChartKind.Line) { Axes = [new ChartAxis("views"), new ChartAxis("USD", Decimals: 2, Opposite: true)] };
            var chart = RenderChart(options, new ChartSeries("Views", [new(Day1, 80_000)]), new ChartSeries("Listed value", [new(Day1, 80_000)], Axis: 1));

            var axes = CreatedOptions(chart).GetProperty("yaxis").EnumerateArray().Select(axis => axis.GetProperty("numberFormat")).ToList();
            Assert.All(axes, format => Assert.Equal("de-DE", format.GetProperty("locale").GetString()));
            Assert.Equal([0, 2], axes.Select(format => format.GetProperty("decimals").GetInt32()).ToArray());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(true, true, "ddd, MMM d, yyyy")]
    [InlineData(false, false, "MMM d, HH:mm")]
    public void A_daily_chart_shows_its_days_as_the_UTC_dates_they_are(bool daily, bool utc, string tooltip)
    {
        var chart = RenderChart(new ChartSettings(ChartKind.Area) { Daily = daily }, new ChartSeries("Active listings", [new(Day1, 5)]));

        var options = CreatedOptions(chart);
        Assert.Equal(utc, options.GetProperty("xaxis").GetProperty("labels").GetProperty("datetimeUTC").GetBoolean());
        Assert.Equal(tooltip, options.GetProperty("tooltip").GetProperty("x").GetProperty("format").GetString());
    }

    [Fact]
    public async Task New_series_update_the_chart_in_place_with_their_kinds()
    {
        var options = new ChartSettings(ChartKind.Line) { Axes = [new ChartAxis(), new ChartAxis(Opposite: true)] };
        var chart = RenderChart(options, new ChartSeries("Views", [new(Day1, 1)]), new ChartSeries("Units sold", [new(Day1, 0)], ChartKind.Bar, 1));

        await chart.InvokeAsync(() => chart.Instance.UpdateSeriesAsync(
            [new ChartSeries("Views", [new(Day1, 1), new(Day2, 4)]), new ChartSeries("Units sold", [new(Day1, 0), new(Day2, 2)], ChartKind.Bar, 1)]));

        var update = module.VerifyInvoke("update");
        Assert.Equal(chart.Instance.ChartId, update.Arguments[0]);
        var series = Json(update.Arguments[1]).EnumerateArray().ToList();
        Assert.Equal(["line", "column"], series.Select(one => one.GetProperty("type").GetString()!).ToArray());
        Assert.Equal(2, series[1].GetProperty("data").GetArrayLength());
    }

    public static TheoryData<Exception> CircuitGone => new()
    {
        new JSDisconnectedException("The circuit is gone."),
        new TaskCanceledException("The call was cancelled as the circuit closed."),
        new ObjectDisposedException("JSRuntime"),
    };

    [Theory]
    [MemberData(nameof(CircuitGone))]
    public async Task A_chart_disposed_after_its_browser_is_gone_does_not_throw(Exception gone)
    {
        module.SetupVoid("destroy", _ => true).SetException(gone);
        var chart = RenderChart(new ChartSettings(ChartKind.Line), new ChartSeries("Views", [new(Day1, 1)]));

        var thrown = await Record.ExceptionAsync(async () => await chart.Instance.DisposeAsync());

        Assert.Null(thrown);
        module.VerifyInvoke("destroy");
    }

    [Fact]
    public async Task A_script_error_on_dispose_is_still_reported()
    {
        module.SetupVoid("destroy", _ => true).SetException(new JSException("charts.get(...).destroy is not a function"));
        var chart = RenderChart(new ChartSettings(ChartKind.Line), new ChartSeries("Views", [new(Day1, 1)]));

        await Assert.ThrowsAsync<JSException>(async () => await chart.Instance.DisposeAsync());
    }
}

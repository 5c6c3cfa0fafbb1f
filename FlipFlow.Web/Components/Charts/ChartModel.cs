using System.Globalization;

namespace FlipFlow.Web.Components.Charts;

public enum ChartKind
{
    Line,
    Area,
    Bar,
}

/// <summary>One point of a time series: a moment and its value.</summary>
public readonly record struct ChartPoint(DateTimeOffset At, double Value);

/// <summary>
/// One series: drawn as its chart's <see cref="ChartSettings.Kind"/> unless it has a <paramref name="Kind"/> of its own
/// (columns under a line), and measured against the chart's y-axis number <paramref name="Axis"/>.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, ChartKind? Kind = null, int Axis = 0);

/// <summary>
/// A y-axis: its title, the most decimals its figures have, and its side. Its labels are written in the console's
/// culture with thousands separators and without decimals that say nothing ("80,000", "24.5"); tooltips show every
/// decimal ("80,000.00").
/// </summary>
public sealed record ChartAxis(string? Title = null, int Decimals = 0, bool Opposite = false);

/// <summary>How a chart looks; <see cref="ApexChart"/> turns it into ApexCharts options.</summary>
public sealed record ChartSettings(ChartKind Kind, string? YAxisTitle = null, int Height = 280, int Decimals = 0)
{
    /// <summary>
    /// The y-axes when a chart has more than one (figures of different sizes: revenue beside listed value); a series
    /// names its axis by index. Without them, the chart has one axis of <see cref="YAxisTitle"/> and <see cref="Decimals"/>.
    /// </summary>
    public IReadOnlyList<ChartAxis>? Axes { get; init; }

    /// <summary>
    /// Points are whole days (UTC midnight): the axis and tooltips show the UTC date, which the browser's own time zone
    /// would otherwise turn into the evening before. Without it, points are moments shown in the browser's time.
    /// </summary>
    public bool Daily { get; init; }

    internal IReadOnlyList<ChartAxis> YAxes => Axes is { Count: > 0 } axes ? axes : [new ChartAxis(YAxisTitle, Decimals)];

    internal object ToApexOptions(string chartId, IReadOnlyList<ChartSeries> series, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var mixed = IsMixed(series);
        return new
        {
            chart = new
            {
                id = chartId,
                // ApexCharts mixes columns and lines only in a chart of type line.
                type = mixed ? "line" : ApexType(Kind, mixed: false),
                height = Height,
                background = "transparent",
                toolbar = new { show = false },
                zoom = new { enabled = false },
                animations = new { enabled = false },
            },
            series = ToApexSeries(series, mixed),
            dataLabels = new { enabled = false },
            // Half-transparent grey reads on the light and the dark theme alike.
            grid = new { borderColor = "rgba(128, 128, 128, 0.25)" },
            stroke = new { width = mixed ? series.Select(one => KindOf(one) == ChartKind.Bar ? 0 : 2).ToArray() : (object)(Kind == ChartKind.Bar ? 0 : 2), curve = "smooth" },
            fill = new { opacity = mixed ? series.Select(one => KindOf(one) == ChartKind.Area ? 0.35 : 0.85).ToArray() : (object)(Kind == ChartKind.Area ? 0.35 : 0.85) },
            xaxis = new { type = "datetime", labels = new { datetimeUTC = Daily } },
            yaxis = YAxes.Select((axis, index) => ToApexAxis(axis, index, series, culture)).ToArray(),
            tooltip = new { shared = true, intersect = false, x = new { format = Daily ? "ddd, MMM d, yyyy" : "MMM d, HH:mm" } },
            legend = new { show = series.Count > 1 },
            noData = new { text = "No data yet" },
        };
    }

    /// <summary>The series as ApexCharts takes them, also for an update in place: [unix ms, value] points, a type when the chart mixes kinds.</summary>
    internal object[] ToApexSeries(IReadOnlyList<ChartSeries> series) => ToApexSeries(series, IsMixed(series));

    private object[] ToApexSeries(IReadOnlyList<ChartSeries> series, bool mixed) =>
        series.Select(one =>
        {
            var data = one.Points.Select(point => new object[] { point.At.ToUnixTimeMilliseconds(), Math.Round(point.Value, 2) }).ToArray();
            return mixed ? new { name = one.Name, type = ApexType(KindOf(one), mixed: true), data } : (object)new { name = one.Name, data };
        }).ToArray();

    /// <summary>
    /// One y-axis. Functions cannot cross JS interop, so the axis says how its figures read (numberFormat: the culture and
    /// the decimals) and apexchart.js makes the label and tooltip formatters from it with Intl.NumberFormat.
    /// </summary>
    private Dictionary<string, object> ToApexAxis(ChartAxis axis, int index, IReadOnlyList<ChartSeries> series, CultureInfo culture)
    {
        var apex = new Dictionary<string, object>
        {
            ["opposite"] = axis.Opposite,
            // Every figure charted is a count, money or memory: an axis below 0 (a flat price drawn from -0.5) says nothing.
            ["min"] = 0,
            ["forceNiceScale"] = true,
            ["decimalsInFloat"] = axis.Decimals,
            ["numberFormat"] = new { locale = Locale(culture), decimals = axis.Decimals },
        };
        if (YAxes.Count > 1)
        {
            // Which series this axis measures; the others have axes of their own.
            apex["seriesName"] = series.Where(one => one.Axis == index).Select(one => one.Name).ToArray();
        }
        // Without a title the axis has none: ApexCharts would print a null text as "null".
        if (axis.Title is { } title)
        {
            apex["title"] = new { text = title };
        }
        return apex;
    }

    private ChartKind KindOf(ChartSeries series) => series.Kind ?? Kind;

    private bool IsMixed(IReadOnlyList<ChartSeries> series) => series.Any(one => KindOf(one) != Kind);

    private static string ApexType(ChartKind kind, bool mixed) => kind switch
    {
        ChartKind.Bar when mixed => "column",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The culture's name for Intl.NumberFormat, which refuses the invariant culture's empty one.</summary>
    private static string Locale(CultureInfo culture) => culture.Name is { Length: > 0 } name ? name : "en-US";
}

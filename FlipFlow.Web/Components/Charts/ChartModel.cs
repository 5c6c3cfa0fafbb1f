namespace FlipFlow.Web.Components.Charts;

public enum ChartKind
{
    Line,
    Area,
    Bar,
}

/// <summary>One point of a time series: a moment and its value.</summary>
public readonly record struct ChartPoint(DateTimeOffset At, double Value);

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>How a chart looks; <see cref="ApexChart"/> turns it into ApexCharts options.</summary>
public sealed record ChartSettings(ChartKind Kind, string? YAxisTitle = null, int Height = 280, int Decimals = 0)
{
    internal object ToApexOptions(string chartId, IReadOnlyList<ChartSeries> series) => new
    {
        chart = new
        {
            id = chartId,
            type = Kind.ToString().ToLowerInvariant(),
            height = Height,
            background = "transparent",
            toolbar = new { show = false },
            zoom = new { enabled = false },
            animations = new { enabled = false },
        },
        series = ToApexSeries(series),
        dataLabels = new { enabled = false },
        // Half-transparent grey reads on the light and the dark theme alike.
        grid = new { borderColor = "rgba(128, 128, 128, 0.25)" },
        stroke = new { width = Kind == ChartKind.Bar ? 0 : 2, curve = "smooth" },
        xaxis = new { type = "datetime", labels = new { datetimeUTC = false } },
        // Without a title the axis has none: ApexCharts would print a null text as "null".
        yaxis = YAxisTitle is null ? (object)new { decimalsInFloat = Decimals } : new { title = new { text = YAxisTitle }, decimalsInFloat = Decimals },
        tooltip = new { x = new { format = "MMM d, HH:mm" } },
        legend = new { show = series.Count > 1 },
        noData = new { text = "No data yet" },
    };

    internal static object[] ToApexSeries(IReadOnlyList<ChartSeries> series) =>
        series.Select(s => (object)new
        {
            name = s.Name,
            data = s.Points.Select(p => new object[] { p.At.ToUnixTimeMilliseconds(), Math.Round(p.Value, 2) }).ToArray(),
        }).ToArray();
}

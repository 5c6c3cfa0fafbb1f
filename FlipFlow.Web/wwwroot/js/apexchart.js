// The browser half of ApexChart.razor: creates, updates and destroys ApexCharts charts by id.
let library;

function loadLibrary() {
    if (window.ApexCharts) {
        return Promise.resolve();
    }
    library ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = "/vendor/apexcharts.min.js";
        script.onload = resolve;
        script.onerror = () => reject(new Error("Could not load /vendor/apexcharts.min.js"));
        document.head.appendChild(script);
    });
    return library;
}

const charts = new Map();

// Text takes the page's colour, so the chart reads in the light and the dark theme alike; tooltips follow the theme.
function themeOf(element) {
    const color = getComputedStyle(element).color;
    const [r, g, b] = (color.match(/[\d.]+/g) ?? ["0", "0", "0"]).slice(0, 3).map(Number);
    const light = (0.299 * r + 0.587 * g + 0.114 * b) / 255 > 0.5;
    return { foreColor: color, tooltip: light ? "dark" : "light" };
}

// Functions cannot cross JS interop: each y-axis says how its figures read (ChartModel.cs, numberFormat: the culture and
// the decimals), and its label and tooltip formatters are made here. Labels drop decimals that say nothing (80,000;
// 24.5), tooltips show them all (80,000.00).
function applyNumberFormats(options) {
    const exactBySeries = new Map();
    let firstExact;
    for (const axis of options.yaxis ?? []) {
        const format = axis.numberFormat;
        delete axis.numberFormat;
        if (!format) {
            continue;
        }
        const label = new Intl.NumberFormat(format.locale, { maximumFractionDigits: format.decimals });
        const exact = new Intl.NumberFormat(format.locale, { minimumFractionDigits: format.decimals, maximumFractionDigits: format.decimals });
        axis.labels = { ...axis.labels, formatter: value => typeof value === "number" ? label.format(value) : value };
        firstExact ??= exact;
        for (const name of [axis.seriesName ?? []].flat()) {
            exactBySeries.set(name, exact);
        }
    }
    options.tooltip = {
        ...options.tooltip,
        y: {
            formatter: (value, context) => {
                if (typeof value !== "number") {
                    return value;
                }
                const name = context?.w?.globals?.seriesNames?.[context.seriesIndex];
                return (exactBySeries.get(name) ?? firstExact)?.format(value) ?? value;
            },
        },
    };
}

export async function create(id, options) {
    await loadLibrary();
    const element = document.getElementById(id);
    if (!element) {
        return;
    }
    applyNumberFormats(options);
    applyTheme(options, element);
    const chart = new ApexCharts(element, options);
    charts.set(id, { chart, options });
    watchTheme();
    await chart.render();
}

function applyTheme(options, element) {
    const theme = themeOf(element);
    options.chart.foreColor = theme.foreColor;
    options.tooltip.theme = theme.tooltip;
}

export function update(id, series) {
    const entry = charts.get(id);
    if (entry) {
        entry.options.series = series;
        entry.chart.updateSeries(series, false);
    }
}

export function destroy(id) {
    charts.get(id)?.chart.destroy();
    charts.delete(id);
}

// The theme toggle changes the page's colours without a reload. ApexCharts fixes its text colours when it draws, so a
// chart whose page changed colour is drawn again, with its latest series, in the new one.
let themeWatch;

function watchTheme() {
    if (themeWatch) {
        return;
    }
    themeWatch = new MutationObserver(() => {
        for (const [id, entry] of charts) {
            const element = document.getElementById(id);
            if (!element || themeOf(element).foreColor === entry.options.chart.foreColor) {
                continue;
            }
            entry.chart.destroy();
            applyTheme(entry.options, element);
            entry.chart = new ApexCharts(element, entry.options);
            entry.chart.render();
        }
    });
    themeWatch.observe(document.body, { attributes: true, subtree: true, attributeFilter: ["data-theme"] });
}

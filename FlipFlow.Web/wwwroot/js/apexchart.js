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

export async function create(id, options) {
    await loadLibrary();
    const element = document.getElementById(id);
    if (!element) {
        return;
    }
    // Text takes the page's colour, so the chart reads in the light and the dark theme alike.
    options.chart.foreColor = getComputedStyle(element).color;
    const chart = new ApexCharts(element, options);
    charts.set(id, chart);
    await chart.render();
}

export function update(id, series) {
    charts.get(id)?.updateSeries(series, false);
}

export function destroy(id) {
    charts.get(id)?.destroy();
    charts.delete(id);
}

// Draws <canvas data-chart="choropleth" data-source="ID" data-topojson="URL">: a world map
// coloured by the values of the JSON in <script id="ID"> ({label, rows: [{id, name, value}]},
// `id` the ISO 3166-1 numeric code world-atlas gives its shapes). Loaded by the partners map
// only, with chartjs-chart-geo (global ChartGeo, vendored) and the TopoJSON fetched from the
// site's static files. No inline script (the CSP forbids it); the page's table is the truth.
const NO_DATA = "#eef1f5";
// Five steps of blue (ColorBrewer "Blues" 4–8), the lightest still plainly darker than NO_DATA:
// the scale starts at 0, so a country with one agreement beside one with twenty falls in the
// lowest step and must not read as "none" (chartjs-chart-geo's own "blues" starts near white).
const STEPS = ["#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"];
const stepOf = (t) => STEPS[Math.min(STEPS.length - 1, Math.floor(t * STEPS.length))];
// On a phone the upright legend in the corner covered South America: there it lies flat under
// the map, in a strip the projection leaves free (LEGEND_STRIP px), and the chart is taller.
const PHONE = 576;
const LEGEND_STRIP = 44;

function layout(width) {
  if (width >= PHONE) {
    return { aspectRatio: 2, padding: 0, legend: { position: "bottom-left", align: "left" } };
  }
  return {
    aspectRatio: 1.5,
    padding: { top: 0, left: 0, right: 0, bottom: LEGEND_STRIP },
    legend: { position: "bottom-left", align: "bottom", length: Math.min(240, width - 24),
      width: LEGEND_STRIP - 8, indicatorWidth: 8, margin: 4 },
  };
}

async function drawMap(canvas) {
  const data = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
  const response = await fetch(canvas.dataset.topojson, { credentials: "same-origin" });
  const world = await response.json();
  const shapes = ChartGeo.topojson.feature(world, world.objects.countries).features
    .filter((shape) => shape.id !== "010"); // Antarctica: space the map does not need
  const byId = new Map(data.rows.map((row) => [row.id, row]));
  const fit = layout(canvas.parentElement.clientWidth);
  canvas.chart = new Chart(canvas, {
    type: "choropleth",
    data: {
      labels: shapes.map((shape) => (byId.get(shape.id) || {}).name || ""),
      datasets: [{
        label: data.label,
        outline: shapes,
        data: shapes.map((shape) => ({ feature: shape, value: byId.has(shape.id) ? byId.get(shape.id).value : NaN })),
      }],
    },
    options: {
      animation: false,
      aspectRatio: fit.aspectRatio,
      showOutline: true,
      plugins: {
        legend: { display: false },
        tooltip: { filter: (item) => byId.has(item.raw.feature.id) },
      },
      scales: {
        projection: { axis: "x", projection: "equalEarth", padding: fit.padding },
        color: { axis: "x", quantize: STEPS.length, interpolate: stepOf, missing: NO_DATA,
          beginAtZero: true, ticks: { precision: 0 }, legend: fit.legend },
      },
    },
  });
  canvas.dataset.drawn = "1";
}

window.addEventListener("load", () => {
  if (typeof Chart === "undefined" || typeof ChartGeo === "undefined") return;
  document.querySelectorAll("canvas[data-chart=choropleth]").forEach((canvas) => {
    if (!canvas.dataset.drawn) drawMap(canvas);
  });
});

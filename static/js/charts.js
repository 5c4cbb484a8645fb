// Draws every <canvas data-chart="line|bar" data-source="ID"> from the JSON in <script id="ID">
// (Chart.js, vendored in static/vendor/chartjs; no inline script: the CSP forbids it).
function drawCharts() {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    if (canvas.dataset.drawn) return;
    const data = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
    const bar = canvas.dataset.chart === "bar";
    new Chart(canvas, {
      type: canvas.dataset.chart,
      data: { labels: data.labels, datasets: [{ data: data.values, borderColor: "#1f5fa8",
        backgroundColor: bar ? "#1f5fa8" : "rgba(31, 95, 168, 0.15)", fill: !bar, tension: 0.2 }] },
      options: { indexAxis: bar ? "y" : "x", animation: false,
        plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
    });
    canvas.dataset.drawn = "1";
  });
}
window.addEventListener("load", drawCharts);
document.addEventListener("htmx:afterSettle", drawCharts);

// Draws every <canvas data-chart="columns|bar|line" data-source="ID"> from the JSON in
// <script id="ID"> (Chart.js, vendored in static/vendor/chartjs; no inline script: the CSP forbids
// it). "bar" is horizontal, one row per label: every label shown (no skipping), long ones wrapped
// onto several lines, the chart as tall as its rows need. "columns" are vertical bars (months):
// a month not over yet (`partial` in the JSON) is drawn hatched and lighter.
const ACCENT = "#1f5fa8";
const PARTIAL = "rgba(31, 95, 168, 0.25)";

function wrapLabel(label, width) {
  const lines = [];
  let line = "";
  // words split after a hyphen too: «научно-исследовательской» fits a phone's axis in two parts
  for (const word of String(label).split(/\s+|(?<=-)(?=[^\s-]{4,})/)) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? line + (line.endsWith("-") ? "" : " ") + word : word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 1 ? lines : lines[0] || "";
}

function boxed(canvas, height) {
  // A box of a fixed height for the chart to fill (Chart.js sizes a canvas to its parent).
  let box = canvas.parentElement;
  if (!box.classList.contains("chart-box")) {
    box = document.createElement("div");
    box.className = "chart-box";
    canvas.before(box);
    box.append(canvas);
  }
  box.style.height = height + "px";
}

function rowsChart(canvas, data) {
  const width = canvas.parentElement.clientWidth < 520 ? 20 : 38;
  const labels = data.labels.map((label) => wrapLabel(label, width));
  // Rows are of one height: each as tall as the longest label's lines.
  const lines = Math.max(1, ...labels.map((label) => (Array.isArray(label) ? label.length : 1)));
  boxed(canvas, Math.max(160, labels.length * (lines * 15 + 12) + 50));
  return {
    type: "bar",
    data: { labels, datasets: [{ data: data.values, backgroundColor: ACCENT }] },
    options: {
      indexAxis: "y", animation: false, maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } },
    },
  };
}

function hatched() {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const pen = tile.getContext("2d");
  pen.fillStyle = PARTIAL;
  pen.fillRect(0, 0, 8, 8);
  pen.strokeStyle = ACCENT;
  pen.lineWidth = 1.5;
  pen.beginPath();
  pen.moveTo(0, 8);
  pen.lineTo(8, 0);
  pen.stroke();
  return pen.createPattern(tile, "repeat");
}

function columnsChart(canvas, data) {
  const partial = data.partial || [];
  const hatch = partial.some(Boolean) ? hatched() : null;
  return {
    type: "bar",
    data: { labels: data.labels, datasets: [{
      data: data.values,
      backgroundColor: data.values.map((_, i) => (partial[i] ? hatch : ACCENT)),
      borderColor: ACCENT,
      borderWidth: data.values.map((_, i) => (partial[i] ? 1 : 0)),
    }] },
    options: { animation: false, plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true } } },
  };
}

function lineChart(data) {
  return {
    type: "line",
    data: { labels: data.labels, datasets: [{ data: data.values, borderColor: ACCENT,
      backgroundColor: "rgba(31, 95, 168, 0.15)", fill: true, tension: 0.2 }] },
    options: { animation: false, plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true } } },
  };
}

function drawCharts() {
  if (typeof Chart === "undefined") return;
  // A map (data-chart="choropleth") is choropleth.js's to draw.
  document.querySelectorAll("canvas[data-chart]:not([data-chart=choropleth])").forEach((canvas) => {
    if (canvas.dataset.drawn) return;
    const data = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
    const kind = canvas.dataset.chart;
    const config = kind === "bar" ? rowsChart(canvas, data)
      : kind === "columns" ? columnsChart(canvas, data) : lineChart(data);
    canvas.chart = new Chart(canvas, config);
    canvas.dataset.drawn = "1";
  });
}
window.addEventListener("load", drawCharts);
document.addEventListener("htmx:afterSettle", drawCharts);

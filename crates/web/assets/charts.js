// Draws every <canvas data-chart="ID"> with the Chart.js configuration held as JSON in
// the <script type="application/json" id="ID"> beside it.
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") return;
    var styles = getComputedStyle(document.documentElement);
    var palette = ["--chart-1", "--chart-2", "--chart-3", "--chart-4", "--chart-5"].map(function (name, i) {
      return styles.getPropertyValue(name).trim() || ["#2f6fde", "#1f9d6b", "#d9822b", "#c2417a", "#7a5af5"][i];
    });
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || canvas.dataset.drawn) return;
      var config = JSON.parse(source.textContent);
      var doughnut = config.type === "doughnut";
      config.data.datasets.forEach(function (set, i) {
        var colors = doughnut ? config.data.labels.map(function (_, j) { return palette[j % palette.length]; }) : palette[i % palette.length];
        set.backgroundColor = colors;
        set.borderColor = doughnut ? "#fff" : colors;
      });
      config.options = Object.assign({
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
      }, config.options || {});
      if (!doughnut) {
        config.options.scales = Object.assign({ y: { beginAtZero: true, ticks: { precision: 0 } } }, config.options.scales || {});
      }
      new Chart(canvas, config);
      canvas.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();

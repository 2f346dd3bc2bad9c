/* bilat pages: the dossier's charts (Chart.js, bundled in /static/vendor) and small
 * interactions. Chart data comes from <script type="application/json"> elements; nothing
 * here builds HTML from data (textContent only). */
(function () {
  "use strict";

  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31",
    "#843c39", "#7b4173", "#3182bd"];

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* Show only the rows of the events table dated in `month` (YYYY-MM); null shows all. */
  function filterMonth(month) {
    var rows = document.querySelectorAll("#events tbody tr[data-month]");
    var box = document.getElementById("events-table");
    if (month !== null && box && box.getAttribute("data-complete") === "false") {
      // the table holds only the newest events: ask the server for that month's
      var there = new URL(window.location.href);
      there.searchParams.set("month", month);
      window.location.assign(there.toString());
      return;
    }
    rows.forEach(function (row) {
      row.hidden = month !== null && row.getAttribute("data-month") !== month;
    });
    var chip = document.getElementById("month-filter");
    var value = document.getElementById("month-filter-value");
    if (chip && value) {
      chip.hidden = month === null;
      value.textContent = month || "";
    }
    if (window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      if (month === null) { url.searchParams.delete("month"); } else { url.searchParams.set("month", month); }
      window.history.replaceState(null, "", url.toString());
    }
  }

  function timeline() {
    var data = readJSON("timeline-data");
    var canvas = document.getElementById("timeline");
    if (!data || !canvas || typeof Chart === "undefined") { return null; }
    var chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.months,
        datasets: data.datasets.map(function (d, i) {
          return { label: d.type, data: d.counts, backgroundColor: PALETTE[i % PALETTE.length] };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          filterMonth(data.months[elements[0].index]);
        }
      }
    });
    return chart;
  }

  function scores() {
    var data = readJSON("scores-data");
    var canvas = document.getElementById("scores");
    if (!data || !canvas || typeof Chart === "undefined") { return null; }
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: data.months,
        datasets: [
          { label: "Goldstein (−10…10)", data: data.goldstein, borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", spanGaps: true },
          { label: "PLOVER score", data: data.plover_score, borderColor: "#d62728", backgroundColor: "#d62728", spanGaps: true }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { suggestedMin: -10, suggestedMax: 10 } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  /* Article page: hovering a record outlines its marks in the text, and back. */
  function linkRecords() {
    var records = document.querySelectorAll("#records .record[data-ref]");
    records.forEach(function (rec) {
      var ref = rec.getAttribute("data-ref");
      var marks = document.querySelectorAll('#article-text mark[data-refs~="' + ref + '"]');
      rec.addEventListener("mouseenter", function () { marks.forEach(function (m) { m.classList.add("active"); }); });
      rec.addEventListener("mouseleave", function () { marks.forEach(function (m) { m.classList.remove("active"); }); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.bilat = { charts: { timeline: timeline(), scores: scores() }, filterMonth: filterMonth };
    // a month chosen by the server (?month=) is cleared by the link; one chosen here, here
    var serverMonth = new URL(window.location.href).searchParams.get("month");
    var clear = document.getElementById("month-filter-clear");
    if (clear) {
      clear.addEventListener("click", function (e) {
        if (!serverMonth) { e.preventDefault(); filterMonth(null); }
      });
    }
    linkRecords();
  });
})();

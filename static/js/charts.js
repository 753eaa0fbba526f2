// Line charts (lightweight-charts) drawn from <script type="application/json"> blocks.
// Initialised with htmx.onLoad so charts in swapped fragments work too.
"use strict";

(() => {
  const charts = new Map(); // container id → chart, removed before a re-render
  const MINUS = "\u2212";

  function css(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function fmt(value, digits = 2) {
    const text = Math.abs(value).toFixed(digits);
    return (value < 0 && Number(text) !== 0 ? MINUS : "") + text;
  }

  // Charts whose values are an index (100 at the start) read as % change: 112.4 → "+12.4 %".
  function pctFromIndex(value, digits = 1) {
    const change = value - 100;
    const text = Math.abs(change).toFixed(digits);
    const zero = Number(text) === 0;
    return `${zero ? "" : change < 0 ? MINUS : "+"}${text}\u00a0%`;
  }

  function formatter(spec) {
    return spec.unit === "index_100" ? (v) => pctFromIndex(v) : (v) => fmt(v, 2);
  }

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // Axis labels that always say which month a day belongs to: a bare "2" under
  // the axis reads as a number, "2 Dec" as a date.
  function tickLabel(time, tickType) {
    const day =
      typeof time === "object"
        ? time
        : typeof time === "string"
          ? { year: +time.slice(0, 4), month: +time.slice(5, 7), day: +time.slice(8, 10) }
          : (() => {
              const d = new Date(time * 1000);
              return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
            })();
    const TYPE = window.LightweightCharts.TickMarkType;
    if (tickType === TYPE.Year) return String(day.year);
    if (tickType === TYPE.Month) return MONTHS[day.month - 1];
    return `${day.day} ${MONTHS[day.month - 1]}`;
  }

  function lineStyle(role) {
    const LC = window.LightweightCharts;
    if (role === "ticker") return { color: css("--accent", "#1f5fbf"), lineWidth: 3 };
    if (role === "benchmark") {
      return { color: css("--bench", "#777"), lineWidth: 2, lineStyle: LC.LineStyle.Dashed };
    }
    return { color: css("--peer", "#b9c0c8"), lineWidth: 1 };
  }

  function draw(container) {
    const LC = window.LightweightCharts;
    const source = document.getElementById(container.dataset.chartSource);
    if (!LC || !source) return;
    const spec = JSON.parse(source.textContent);
    const kind = container.dataset.chart;
    const old = charts.get(container.id);
    if (old) old.remove();
    const chart = LC.createChart(container, {
      autoSize: true,
      layout: {
        background: { type: "solid", color: "transparent" },
        textColor: css("--muted", "#5b6470"),
        fontFamily: getComputedStyle(document.body).fontFamily,
        attributionLogo: false,
      },
      grid: {
        vertLines: { color: css("--grid", "#eef0f3") },
        horzLines: { color: css("--grid", "#eef0f3") },
      },
      // Room above and below the lines, so the end ticks (e.g. −1.00) stand clear of the edge.
      rightPriceScale: { borderVisible: false, scaleMargins: { top: 0.08, bottom: 0.08 } },
      timeScale: { borderVisible: false, tickMarkFormatter: tickLabel },
      crosshair: { mode: LC.CrosshairMode.Normal },
      localization: { priceFormatter: formatter(spec) },
      handleScroll: false,
      handleScale: false,
    });
    charts.set(container.id, chart);
    const lines = [];
    // Peers first, so the ticker and benchmark are drawn on top.
    const order = { peer: 0, benchmark: 1, ticker: 2 };
    const series = [...spec.series].sort((a, b) => order[a.role] - order[b.role]);
    for (const s of series) {
      const options = {
        ...lineStyle(s.role),
        priceLineVisible: false,
        lastValueVisible: s.role === "ticker",
        title: kind === "lines" && series.length > 1 ? s.symbol : "",
      };
      if (kind === "sentiment") {
        options.lineType = LC.LineType.WithSteps;
        options.autoscaleInfoProvider = () => ({ priceRange: { minValue: -1, maxValue: 1 } });
        // The gauge beside this chart states the current score: a last-value label on the
        // price scale would only cover its −1.00 … +1.00 ticks.
        options.lastValueVisible = false;
      }
      const line = chart.addSeries(LC.LineSeries, options);
      line.setData(s.points.map(([time, value]) => ({ time, value })));
      lines.push({ symbol: s.symbol, line });
      if (s.role === "ticker" && Array.isArray(spec.markers) && spec.markers.length) {
        addMarkers(LC, line, spec.markers);
      }
    }
    chart.timeScale().fitContent();
    // Scrolling and zooming are off, so the whole series stays in view at any width
    // (a phone turned sideways, a window resized).
    if (typeof ResizeObserver === "function") {
      const observer = new ResizeObserver(() => {
        if (charts.get(container.id) === chart) chart.timeScale().fitContent();
        else observer.disconnect(); // this chart was removed (a swap, a re-render)
      });
      observer.observe(container);
    }
    connectReadout(container, chart, lines, formatter(spec));
  }

  // Dated marks on a line (alerts that fired, the entry of a pair), each with its text.
  function addMarkers(LC, line, marks) {
    if (typeof LC.createSeriesMarkers !== "function") return;
    const markers = marks.map((m) => ({
      time: m.time,
      position: m.kind === "entry" ? "belowBar" : "aboveBar",
      shape: m.kind === "entry" ? "arrowUp" : "circle",
      color: m.kind === "entry" ? css("--muted", "#5b6470") : css("--focus", "#e0a100"),
      text: m.text,
    }));
    LC.createSeriesMarkers(line, markers);
  }

  // The crosshair's date and each line's value, shown in the legend next to the chart.
  function connectReadout(container, chart, lines, format) {
    const panel = container.closest("section") || document;
    const readout = panel.querySelector(`[data-readout-for="${container.id}"]`);
    const initial = readout ? readout.textContent : "";
    chart.subscribeCrosshairMove((param) => {
      const active = param.time !== undefined && param.point !== undefined;
      for (const { symbol, line } of lines) {
        const cell = panel.querySelector(`[data-value-for="${CSS.escape(symbol)}"]`);
        if (!cell) continue;
        const data = active ? param.seriesData.get(line) : undefined;
        cell.textContent = data ? format(data.value) : "";
      }
      if (readout) readout.textContent = active ? `${param.time}` : initial;
    });
  }

  function init(root) {
    const scope = root.querySelectorAll ? root : document;
    const found = scope.matches && scope.matches("[data-chart]") ? [scope] : [];
    found.push(...scope.querySelectorAll("[data-chart]"));
    found.forEach(draw);
  }

  document.addEventListener("htmx:beforeCleanupElement", (event) => {
    const id = event.target && event.target.id;
    if (id && charts.has(id)) {
      charts.get(id).remove();
      charts.delete(id);
    }
  });

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", () => init(document));
  }
})();

// The recod dashboard: signs in with a customer id and license key (HTTP Basic on every
// API call, kept in sessionStorage only) and charts the statistics API with uPlot
// (/vendor/uplot). Routes: docs/statistics-api.md.
(function () {
  "use strict";

  const SESSION_KEY = "recod_dashboard";
  const REFRESH_MS = 30000;
  const COLORS = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#ec4899", "#84cc16"];
  const EVENT_SERIES = [
    ["click", "#2563eb"], ["basket", "#f59e0b"], ["buy", "#10b981"],
    ["rendered", "#8b5cf6"], ["clickrecommended", "#ef4444"],
  ];
  const numberFormat = new Intl.NumberFormat("en");
  const $ = (id) => document.getElementById(id);

  let session = loadSession(); // {cid, auth} or null
  let timer = null;
  let generation = 0; // bumped on sign-out so late answers are dropped
  const charts = {}; // panel key -> {plot, signature}

  // ------------------------------------------------------------------ session

  function loadSession() {
    try {
      const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
      return s && s.cid && s.auth ? s : null;
    } catch (e) {
      return null;
    }
  }

  // base64 of UTF-8 (btoa alone fails outside Latin-1)
  function basicAuth(user, password) {
    let bin = "";
    for (const b of new TextEncoder().encode(user + ":" + password)) bin += String.fromCharCode(b);
    return "Basic " + btoa(bin);
  }

  class AuthError extends Error {}

  async function api(path) {
    let res;
    try {
      // credentials "omit": the Authorization header is ours; without it, a 401 carrying
      // WWW-Authenticate would make the browser open its own login prompt (and the request
      // would hang in a headless browser) instead of handing us the 401.
      res = await fetch(path, {
        headers: { Authorization: session.auth, Accept: "application/json" },
        credentials: "omit",
        cache: "no-store",
      });
    } catch (e) {
      throw new Error("recod is not reachable");
    }
    if (res.status === 401) throw new AuthError("Wrong customer id or license key.");
    if (!res.ok) {
      const text = (await res.text().catch(() => "")).trim().slice(0, 200);
      throw new Error("HTTP " + res.status + (text ? ": " + text : ""));
    }
    return res.json();
  }

  function showSignIn(message) {
    clearTimeout(timer);
    generation += 1;
    session = null;
    sessionStorage.removeItem(SESSION_KEY);
    for (const key of Object.keys(charts)) {
      charts[key].plot.destroy();
      delete charts[key];
    }
    $("board").hidden = true;
    $("session").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-message").textContent = message || "";
    $("license-key").value = "";
    $("customer").focus();
  }

  function showBoard() {
    $("sign-in").hidden = true;
    $("board").hidden = false;
    $("session").hidden = false;
    $("customer-id").textContent = session.cid;
  }

  async function signIn(event) {
    event.preventDefault();
    const cid = $("customer").value.trim();
    const key = $("license-key").value;
    if (!cid || !key) {
      $("sign-in-message").textContent = "Enter the customer id and the license key.";
      return;
    }
    $("license-key").value = ""; // never keep the key on screen or in the DOM
    session = { cid, auth: basicAuth(cid, key) };
    try {
      await api("/api/" + encodeURIComponent(cid) + "/model"); // checks the credentials
    } catch (e) {
      if (e instanceof AuthError) return showSignIn(e.message);
      if (e.message === "recod is not reachable") return showSignIn(e.message);
      // Anything else (a 404 for an unknown customer, say) is shown in the model panel.
    }
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    showBoard();
    refresh();
  }

  // ------------------------------------------------------------------ refresh

  async function refresh() {
    if (!session) return;
    clearTimeout(timer);
    const mine = generation;
    const cid = encodeURIComponent(session.cid);
    const jobs = [
      ["events", "/api/v3/" + cid + "/statistic/events?hours=48", renderEvents],
      ["scenarios", "/api/v3/" + cid + "/statistic/scenarios", renderScenarios],
      ["revenue", "/api/v3/" + cid + "/revenue/last_seven_days", renderRevenue],
      ["model", "/api/" + cid + "/model", renderModel],
    ];
    $("refresh").disabled = true;
    const results = await Promise.allSettled(jobs.map(([, path]) => api(path)));
    if (mine !== generation) return; // signed out meanwhile
    $("refresh").disabled = false;
    if (results.some((r) => r.status === "rejected" && r.reason instanceof AuthError)) {
      return showSignIn("The license key is no longer accepted; sign in again.");
    }
    results.forEach((result, i) => {
      const [key, , render] = jobs[i];
      let error = result.status === "rejected" ? result.reason.message : "";
      if (!error) {
        try {
          render(result.value);
        } catch (e) {
          error = "unexpected answer (" + e.message + ")";
        }
      }
      // The scenarios answer feeds two panels: the bars and the CTR lines.
      for (const name of key === "scenarios" ? ["scenarios", "ctr"] : [key]) {
        const panel = $("panel-" + name);
        panel.querySelector(".panel-error").textContent = error ? "Could not load: " + error : "";
        panel.dataset.state = error ? "error" : "ready";
      }
    });
    $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    timer = setTimeout(refresh, REFRESH_MS);
  }

  // ------------------------------------------------------------------ formatting

  function fmt(n) {
    return numberFormat.format(n || 0);
  }

  function percent(ratio) {
    return (ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 2 : 1) + " %";
  }

  // Minor units to an amount: JPY has no decimals, KWD three; Intl knows.
  function minorDigits(currency) {
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
    } catch (e) {
      return 2;
    }
  }

  function money(minor, currency) {
    const amount = minor / Math.pow(10, minorDigits(currency));
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency }).format(amount);
    } catch (e) {
      return amount.toFixed(2) + " " + currency;
    }
  }

  function moneyMap(revenue) {
    const parts = Object.keys(revenue || {}).sort().map((c) => money(revenue[c], c));
    return parts.length ? parts.join(" + ") : money(0, "EUR");
  }

  function dayLabel(day) {
    // "2026-11-15" -> "Nov 15" without a time-zone shift
    const d = new Date(day.slice(0, 10) + "T00:00:00Z");
    return d.toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
  }

  function ago(iso) {
    if (!iso) return "never";
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return iso;
    const s = Math.round((t - Date.now()) / 1000);
    const abs = Math.abs(s);
    const [v, unit] = abs < 60 ? [s, "second"] : abs < 3600 ? [Math.round(s / 60), "minute"]
      : abs < 86400 ? [Math.round(s / 3600), "hour"] : [Math.round(s / 86400), "day"];
    return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(v, unit) +
      " (" + new Date(t).toLocaleString() + ")";
  }

  // ------------------------------------------------------------------ charts

  /**
   * Draws (or updates) the uPlot chart of a panel. Same series and labels: only the data
   * changes, so the cursor and the legend stay; otherwise the chart is rebuilt.
   */
  function chart(key, opts, data, signature, summary) {
    const box = $("panel-" + key).querySelector(".chart");
    box.setAttribute("aria-label", summary);
    const existing = charts[key];
    if (existing && existing.signature === signature) {
      existing.plot.setData(data);
      return;
    }
    if (existing) existing.plot.destroy();
    opts.width = Math.max(box.clientWidth, 280);
    opts.height = opts.height || 240;
    charts[key] = { plot: new uPlot(opts, data, box), signature };
  }

  const axisStyle = { stroke: "#64748b", grid: { stroke: "#e2e8f0", width: 1 }, ticks: { stroke: "#e2e8f0", width: 1 } };

  function countAxis(format) {
    return Object.assign({}, axisStyle, {
      size: 56,
      values: (u, splits) => splits.map(format || ((v) => (Number.isInteger(v) ? fmt(v) : ""))),
    });
  }

  // An x axis of categories 0..n-1 (scenarios, days) with their labels.
  function categoryScales(labels) {
    return {
      x: { time: false, range: () => [-0.5, labels.length - 0.5] },
      y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] },
    };
  }

  /**
   * On narrow charts the labels must not overlap: "skip" labels only every k-th category
   * (days), "truncate" shortens every label to its slot (scenario names).
   */
  function categoryAxis(labels, narrow) {
    const CHAR_PX = 7; // roughly, at the axis font size
    const widest = Math.max(0, ...labels.map((l) => l.length)) * CHAR_PX + 12;
    return Object.assign({}, axisStyle, {
      grid: { show: false },
      splits: () => labels.map((_, i) => i),
      values: (u, splits) => {
        const slot = u.bbox.width / (window.devicePixelRatio || 1) / Math.max(labels.length, 1);
        if (narrow === "truncate") {
          const chars = Math.max(3, Math.floor((slot - 12) / CHAR_PX));
          return splits.map((i) => {
            const l = labels[i] || "";
            return l.length > chars ? l.slice(0, chars - 1) + "…" : l;
          });
        }
        const k = Math.max(1, Math.ceil(widest / slot));
        return splits.map((i) => (i % k === 0 ? labels[i] || "" : ""));
      },
    });
  }

  /** Bars side by side per category: series j is shifted within each category's slot. */
  function groupedBars(axisLabel, labels, defs) {
    const slot = 0.8;
    const width = slot / defs.length;
    const xs = labels.map((_, i) => i);
    const series = [{ label: axisLabel, value: (u, i) => (i == null ? "–" : labels[i] || "") }];
    defs.forEach((d, j) => {
      series.push({
        label: d.label,
        fill: d.color,
        stroke: d.color,
        width: 0,
        points: { show: false },
        value: d.value,
        paths: uPlot.paths.bars({
          disp: {
            x0: { unit: 1, values: () => xs.map((i) => i - slot / 2 + j * width) },
            size: { unit: 1, values: () => xs.map(() => width * 0.9) },
          },
        }),
      });
    });
    return { series, data: [xs, ...defs.map((d) => d.values)] };
  }

  // ------------------------------------------------------------------ panels

  function renderEvents(doc) {
    const hours = doc.eventsResponse.hours;
    const xs = hours.map((h) => Date.parse(h.hour) / 1000);
    const data = [xs, ...EVENT_SERIES.map(([name]) => hours.map((h) => h[name] || 0))];
    const totals = EVENT_SERIES.map(([name], i) => name + " " + fmt(data[i + 1].reduce((a, b) => a + b, 0)));
    chart("events", {
      height: 260,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [{}, ...EVENT_SERIES.map(([name, color]) => ({
        label: name, stroke: color, width: 2, fill: color + "14", points: { show: false },
      }))],
      axes: [Object.assign({}, axisStyle), countAxis()],
    }, data, "events", "Events per hour, last 48 hours: " + totals.join(", "));
  }

  function renderScenarios(doc) {
    const scenarios = doc.statisticResponse.scenarios || [];
    const sum = { delivered: 0, rendered: 0, clicked: 0, purchases: 0, revenue: {} };
    for (const s of scenarios) {
      for (const k of ["delivered", "rendered", "clicked", "purchases"]) sum[k] += s.total[k] || 0;
      for (const [c, v] of Object.entries(s.total.revenue || {})) sum.revenue[c] = (sum.revenue[c] || 0) + v;
    }
    // The API's definition: clicked / rendered, or clicked / delivered when nothing was rendered.
    const base = sum.rendered || sum.delivered;
    $("fig-delivered").textContent = fmt(sum.delivered);
    $("fig-rendered").textContent = fmt(sum.rendered);
    $("fig-clicked").textContent = fmt(sum.clicked);
    $("fig-ctr").textContent = base ? percent(sum.clicked / base) : "–";
    $("fig-purchases").textContent = fmt(sum.purchases);
    $("fig-revenue").textContent = moneyMap(sum.revenue);

    const names = scenarios.map((s) => s.scenario);
    const labels = names.length ? names : ["no recommendations yet"];
    const bars = groupedBars("Scenario", labels, [
      ["delivered", "#94a3b8"], ["rendered", "#8b5cf6"], ["clicked", "#ef4444"],
    ].map(([k, color]) => ({ label: k, color, values: names.length ? scenarios.map((s) => s.total[k] || 0) : [0] })));
    chart("scenarios", {
      scales: categoryScales(labels),
      series: bars.series,
      axes: [categoryAxis(labels, "truncate"), countAxis()],
    }, bars.data, "scenarios:" + labels.join(","),
    "Per scenario, last 7 days: " + (scenarios.map((s) => s.scenario + " delivered " + fmt(s.total.delivered) +
      ", rendered " + fmt(s.total.rendered) + ", clicked " + fmt(s.total.clicked)).join("; ") || "no recommendations yet"));

    // CTR per day and scenario, as lines over the days of the range.
    const days = scenarios.length ? scenarios[0].days.map((d) => d.day) : [];
    chart("ctr", {
      scales: { x: { time: false, range: () => [-0.25, Math.max(days.length - 0.75, 0.25)] }, y: { range: (u, min, max) => [0, Math.max(max * 1.15, 1)] } },
      series: [{ label: "Day", value: (u, i) => (i == null ? "–" : dayLabel(days[i] || "")) },
        ...scenarios.map((s, i) => ({
          label: s.scenario, stroke: COLORS[i % COLORS.length], width: 2, points: { size: 5 },
          value: (u, v) => (v == null ? "–" : v.toFixed(1) + " %"),
        }))],
      axes: [categoryAxis(days.map(dayLabel), "skip"), countAxis((v) => v.toFixed(v < 10 ? 1 : 0) + " %")],
    }, [days.map((_, i) => i), ...scenarios.map((s) => s.days.map((d) => (d.ctr || 0) * 100))],
    "ctr:" + names.join(",") + ":" + days.join(","),
    "Click-through rate per day: " + (scenarios.map((s) => s.scenario + " " + percent(s.total.ctr || 0)).join(", ") || "no data"));
  }

  function renderRevenue(doc) {
    const items = doc.revenueResponse.items || [];
    const days = items.map((it) => it.timespanBegin.slice(0, 10));
    const currencies = [...new Set(items.flatMap((it) => Object.keys(it.revenue || {})))].sort();
    if (!currencies.length) currencies.push("EUR");
    const labels = days.map(dayLabel);
    const bars = groupedBars("Day", labels, currencies.map((c, i) => ({
      label: c,
      color: COLORS[(i + 2) % COLORS.length],
      values: items.map((it) => ((it.revenue || {})[c] || 0) / Math.pow(10, minorDigits(c))),
      value: (u, v) => (v == null ? "–" : money(Math.round(v * Math.pow(10, minorDigits(c))), c)),
    })));
    const total = {};
    for (const it of items) for (const [c, v] of Object.entries(it.revenue || {})) total[c] = (total[c] || 0) + v;
    chart("revenue", {
      scales: categoryScales(labels),
      series: bars.series,
      axes: [categoryAxis(labels, "skip"), countAxis((v) => fmt(v))],
    }, bars.data, "revenue:" + currencies.join(",") + ":" + days.join(","),
    "Attributed revenue, last 7 days: " + moneyMap(total));
  }

  function renderModel(m) {
    $("model-built").textContent = ago(m.builtAt);
    $("model-duration").textContent = m.buildDurationMs == null ? "–" : fmt(m.buildDurationMs) + " ms";
    $("model-events").textContent = fmt(m.events);
    $("model-users").textContent = fmt(m.users);
    $("model-items").textContent = fmt(m.items);
    $("model-pairs").textContent = fmt(m.pairs);
    $("model-newest").textContent = m.newestEvent ? ago(m.newestEvent) : "none yet";
    $("model-next").textContent = ago(m.nextBuildAt);
  }

  // ------------------------------------------------------------------ start

  function resizeCharts() {
    for (const key of Object.keys(charts)) {
      const box = $("panel-" + key).querySelector(".chart");
      const plot = charts[key].plot;
      const width = Math.max(box.clientWidth, 280);
      if (Math.abs(plot.width - width) > 2) plot.setSize({ width, height: plot.height });
    }
  }

  function start() {
    $("sign-in-form").addEventListener("submit", signIn);
    $("refresh").addEventListener("click", refresh);
    $("sign-out").addEventListener("click", () => showSignIn("Signed out."));
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(resizeCharts, 150);
    });
    if (typeof uPlot === "undefined") {
      $("sign-in-message").textContent = "The chart library did not load (/vendor/uplot/uPlot.iife.min.js).";
      return;
    }
    if (session) {
      showBoard();
      refresh();
    } else {
      $("customer").focus();
    }
  }

  start();
})();

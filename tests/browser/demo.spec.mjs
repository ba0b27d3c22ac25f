// Browser test of /demo and /dashboard against a running recod, in headless Debian Chromium
// driven by playwright-core. No test runner: exit code 0 when every step passed, 1 otherwise.
//
//   npm ci --prefix tests/browser
//   node tests/browser/demo.spec.mjs http://127.0.0.1:8080     (or RECOD_URL=...)
//
// Steps: open /demo, open a product, wait for "Customers also clicked" to render, click a
// recommendation and land on its product page (checking the rendered, clickrecommended and
// click requests on the way); check the statistics API counts them for also_clicked; sign
// in to /dashboard and check the figures and the charts. Screenshots go to artifacts/.
// Loopback only; every wait is bounded and the whole run is capped at 90 s.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CUSTOMER = "00000";
const LICENSE_KEY = "8695-1828-92810-5535-4239";
const WAIT_MS = 10000; // any single wait in a page
// Starting Chromium: it once took over 10 s in a CI run (a fresh profile, cold caches) where
// it usually takes 1-2 s; a slow start is the machine's, not the demo's.
const LAUNCH_MS = 30000;
const TOTAL_MS = 90000; // the whole run
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const base = (process.argv[2] || process.env.RECOD_URL || "").replace(/\/+$/, "");
if (!base) {
  console.error("usage: node demo.spec.mjs http://127.0.0.1:PORT   (or RECOD_URL=...)");
  process.exit(2);
}
const baseUrl = new URL(base);
if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(baseUrl.hostname)) {
  console.error(`refusing ${base}: this test only talks to loopback addresses`);
  process.exit(2);
}

let passed = 0;
const pageErrors = [];
let context = null;
let page = null;
let userDataDir = null;

const watchdog = setTimeout(() => {
  console.error(`not ok - the run took longer than ${TOTAL_MS / 1000} s`);
  console.log(`${passed} passed, 1 failed`);
  process.exit(1); // playwright ends the browser it started when the process exits
}, TOTAL_MS);

async function step(name, fn) {
  const started = Date.now();
  await fn();
  passed += 1;
  console.log(`ok - ${name} (${Date.now() - started} ms)`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function authHeader() {
  return "Basic " + Buffer.from(`${CUSTOMER}:${LICENSE_KEY}`).toString("base64");
}

async function screenshot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true, timeout: WAIT_MS });
  console.log(`  screenshot: ${path.relative(process.cwd(), file)}`);
}

// Every tracking answer the page got, in order: {event, url, status}. Collected from the
// start so that a request fired before a step began waiting for it is not missed.
const tracked = [];

/** Waits for a tracking answer of that event whose URL passes the test; returns it. */
async function waitForTracked(event, test = () => true) {
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    const hit = tracked.find((t) => t.event === event && test(t.url));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${event} request reached recod within ${WAIT_MS / 1000} s`);
}

/** GET /api/v3/00000/statistic/scenarios until also_clicked counts delivered, rendered and clicked. */
async function waitForStatistics() {
  const until = Date.now() + WAIT_MS;
  let last = "no answer";
  while (Date.now() < until) {
    const ctrl = new AbortController();
    const t = setTimeout(() => ctrl.abort(), 3000);
    try {
      const res = await fetch(`${base}/api/v3/${CUSTOMER}/statistic/scenarios`,
        { headers: { Authorization: authHeader() }, signal: ctrl.signal });
      last = `HTTP ${res.status}`;
      if (res.ok) {
        const doc = await res.json();
        const s = (doc.statisticResponse.scenarios || []).find((x) => x.scenario === "also_clicked");
        last = s ? JSON.stringify(s.total) : "no also_clicked entry";
        if (s && s.total.delivered >= 1 && s.total.rendered >= 1 && s.total.clicked >= 1) return s.total;
      }
    } catch (e) {
      last = e.message;
    } finally {
      clearTimeout(t);
    }
    await new Promise((r) => setTimeout(r, 300)); // delivered counts are written once a second
  }
  throw new Error(`statistics for also_clicked did not count delivered/rendered/clicked >= 1: ${last}`);
}

/** The number shown by a dashboard figure ("1,234" -> 1234). */
async function figure(name) {
  const text = await page.locator(`[data-testid="figure-${name}"] .value`).textContent({ timeout: WAIT_MS });
  return Number(String(text).replace(/[^0-9.]/g, ""));
}

async function run() {
  // Screenshots of an earlier run must not pass for this one's.
  for (const name of ["demo-product.png", "demo.png", "dashboard.png", "failure.png"]) {
    fs.rmSync(path.join(ARTIFACTS, name), { force: true });
  }
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recod-browser-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: LAUNCH_MS,
  });
  context.setDefaultTimeout(WAIT_MS);
  page = context.pages()[0] || (await context.newPage());
  page.on("pageerror", (err) => pageErrors.push(`page error: ${err.message}`));
  page.on("response", (resp) => {
    const m = new RegExp(`/api/${CUSTOMER}/([a-z]+)/`).exec(new URL(resp.url()).pathname);
    if (m) tracked.push({ event: m[1], url: resp.url(), status: resp.status() });
  });
  page.on("console", (msg) => {
    // A failed request (a 409 "nothing to recommend", a missing favicon) is logged by the
    // browser itself; only errors from scripts count.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) {
      pageErrors.push(`console error: ${msg.text()}`);
    }
  });

  let chosen = null; // {productId, recoId}

  await step("the demo shop lists products", async () => {
    await page.goto(`${base}/demo`, { waitUntil: "load", timeout: WAIT_MS });
    await page.locator('[data-testid="product-list"] [data-testid^="product-"]').first().waitFor();
    check(await page.locator('[data-testid="product-list"] [data-testid^="product-"]').count() >= 10,
      "fewer than 10 products on /demo");
  });

  await step("a product page shows 'Customers also clicked' recommendations", async () => {
    // The demo data gives most products neighbours; try a few in case one has none.
    for (const id of [1, 2, 3, 9, 15, 21]) {
      await page.goto(`${base}/demo#/`, { timeout: WAIT_MS });
      tracked.length = 0;
      await page.locator(`[data-testid="product-${id}"]`).click();
      await page.locator(`[data-testid="product-page"][data-product-id="${id}"]`).waitFor();
      const click = await waitForTracked("click", (url) => url.includes(`/1/${id}?`));
      check(click.status === 204, `the click event for product ${id} answered ${click.status}`);
      const box = page.locator('[data-testid="also-clicked"]');
      await page.locator('[data-testid="also-clicked"]:not([data-state="loading"])').waitFor();
      const state = await box.getAttribute("data-state");
      if (state === "error") throw new Error(`also_clicked failed: ${await box.textContent()}`);
      if (state === "ready") {
        const first = box.locator('[data-testid^="reco-item-"]').first();
        const recoId = Number((await first.getAttribute("data-testid")).replace("reco-item-", ""));
        chosen = { productId: id, recoId };
        return;
      }
    }
    throw new Error("no product had 'also clicked' recommendations");
  });

  await step("showing a recommendation fires its rendered link", async () => {
    await page.locator(`[data-testid="reco-item-${chosen.recoId}"]`).scrollIntoViewIfNeeded();
    const resp = await waitForTracked("rendered", (url) => url.includes(`/1/${chosen.recoId}?`));
    check(resp.status === 204, `rendered answered ${resp.status}`);
    check(resp.url.includes("requestuuid="), "the rendered link carries no recommendation token");
    await screenshot("demo-product.png");
  });

  await step("clicking it fires clickrecommended and opens its product page with the token", async () => {
    await page.locator(`[data-testid="reco-item-${chosen.recoId}"]`).click();
    await page.locator(`[data-testid="product-page"][data-product-id="${chosen.recoId}"]`).waitFor();
    const cr = await waitForTracked("clickrecommended", (url) => url.includes(`/1/${chosen.recoId}?`));
    check(cr.status === 204, `clickrecommended answered ${cr.status}`);
    const c = await waitForTracked("click", (url) => url.includes(`/1/${chosen.recoId}?`));
    check(c.status === 204, `the click answered ${c.status}`);
    check(c.url.includes("recommendationtoken="), "the click after a recommendation carries no token");
    await page.locator('[data-testid="also-clicked"]:not([data-state="loading"])').waitFor();
    await screenshot("demo.png");
  });

  await step("the statistics API counts delivered, rendered and clicked for also_clicked", async () => {
    const total = await waitForStatistics();
    console.log(`  also_clicked: ${JSON.stringify(total)}`);
  });

  await step("the dashboard signs in and shows the figures and charts", async () => {
    await page.goto(`${base}/dashboard`, { waitUntil: "load", timeout: WAIT_MS });
    await page.locator('[data-testid="customer"]').fill(CUSTOMER);
    await page.locator('[data-testid="license-key"]').fill(LICENSE_KEY);
    await page.locator('[data-testid="sign-in"]').click();
    // Either the board loads (the panel gets a state) or the form says why not.
    await page.locator('#panel-scenarios[data-state], [data-testid="sign-in-message"]:not(:empty)').first().waitFor();
    const message = await page.locator('[data-testid="sign-in-message"]').textContent();
    check(await page.locator("#board").isVisible(), `sign-in failed: ${message}`);
    const state = await page.locator("#panel-scenarios").getAttribute("data-state");
    const error = await page.locator("#panel-scenarios .panel-error").textContent();
    check(state === "ready", `the scenarios panel did not load: ${error}`);
    for (const name of ["delivered", "rendered", "clicked"]) {
      const value = await figure(name);
      check(value > 0, `figure ${name} shows ${value}`);
    }
    await page.locator('[data-testid="chart-scenarios"] canvas').waitFor();
    await page.locator('[data-testid="chart-events"] canvas').waitFor();
    const html = await page.content();
    check(!html.includes(LICENSE_KEY), "the license key is visible in the page after sign-in");
    await screenshot("dashboard.png");
  });

  check(pageErrors.length === 0, `errors in the pages:\n  ${pageErrors.join("\n  ")}`);
  passed += 1;
  console.log("ok - no script errors in the pages");
}

let failed = 0;
try {
  await run();
} catch (err) {
  failed = 1;
  console.error(`not ok - ${err.message}`);
  if (pageErrors.length) console.error(`  page errors:\n  ${pageErrors.join("\n  ")}`);
  if (page) await screenshot("failure.png").catch(() => {});
} finally {
  if (context) await context.close().catch(() => {});
  // After a failed launch the browser may still be writing its profile: a directory left
  // behind must not replace the test's own failure with an error of its cleanup.
  if (userDataDir) {
    try {
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (err) {
      console.error(`could not remove ${userDataDir}: ${err.message}`);
    }
  }
  clearTimeout(watchdog);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, shotIfFailed, PHONE, shot, signIn } from "./browser";
import { checkoutTrace, randomHex, toOtlpJson } from "../integration/traces-fixtures";
import type { EncodeSeries } from "../../core/remote-write/encode";
import { checkoutSeries, remoteWrite } from "./data";

let vigil: RunningVigil;
let browser: Browser;
let slowTrace = "";
const LATENCY = "histogram_quantile(0.99, sum by (le) (rate(checkout_request_duration_seconds_bucket[5m])))";
const Q = 'sum(rate(checkout_http_requests_total{status=~"5.."}[5m]))';

beforeAll(async () => {
  vigil = await startVigil({ port: 18605 });
  const now = Date.now();
  await remoteWrite(vigil, checkoutSeries(now));
  // A latency histogram whose slow bucket carries exemplars pointing at real traces (one of them stored).
  slowTrace = randomHex(16);
  const res = await fetch(`${vigil.url}/v1/traces`, {
    method: "POST",
    headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json" },
    body: JSON.stringify(toOtlpJson(checkoutTrace({ traceId: slowTrace, startMs: now - 6 * 60_000, failing: true }))),
  });
  expect(res.ok).toBe(true);
  await remoteWrite(vigil, latencyHistogram(now, slowTrace));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe("metrics explorer", () => {
  it("charts real data, splits by status, and the pinned scope narrows the query", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent(Q)}`);
    const chart = page.getByRole("img", { name: /Chart: 1 series/ });
    await chart.waitFor();
    await page.getByRole("combobox", { name: "Split by label" }).selectOption("status");
    await page.getByRole("img", { name: /Chart: 2 series/ }).waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe(
      'sum by (status) (rate(checkout_http_requests_total{status=~"5.."}[5m]))',
    );
    const legend = await page.locator(".chart-legend").textContent();
    expect(legend).toContain("status=503");
    expect(legend).toContain("status=504");
    await page.getByRole("tab", { name: "Table" }).click();
    const table = page.getByRole("table", { name: "Query result" });
    await table.waitFor();
    expect(await table.getByRole("row").count()).toBe(3);
    await page.getByRole("tab", { name: "Graph" }).click();
    await shot(page, "explorer-split-desktop");

    // Pin region=us-west-2 (healthy): the query gains the matcher and the 504 rate there is zero.
    await page.getByLabel("Add scope filter (key=value)").fill("region=us-west-2");
    await page.getByRole("button", { name: "Pin" }).click();
    await page.getByText(/with scope:/).waitFor();
    expect(await page.getByText(/with scope:/).textContent()).toContain('region="us-west-2"');
    await page
      .getByRole("figure")
      .getByText(/region="us-west-2"/)
      .waitFor();
    await page.getByRole("tab", { name: "Table" }).click();
    const row504 = page.getByRole("table", { name: "Query result" }).getByRole("row", { name: /504/ });
    expect(await row504.getByRole("cell").nth(1).textContent()).toBe("0");
    // The pin is also saved server-side (GET/PUT /api/scope); unpin so the next tests start unscoped.
    const saved = page.waitForResponse((r) => r.url().endsWith("/api/scope") && r.request().method() === "PUT");
    await page.getByRole("button", { name: "Remove region=us-west-2" }).click();
    expect((await saved).ok()).toBe(true);
    await ctx.close();
  });

  it("drag-selecting a range on the chart zooms the URL's time range", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent(Q)}`);
    await page.getByRole("img", { name: /Chart: 1 series/ }).waitFor();
    const over = page.locator(".u-over");
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL(/from=\d+/);
    const u = new URL(page.url());
    const from = Number(u.searchParams.get("from"));
    const to = Number(u.searchParams.get("to"));
    expect(to - from).toBeGreaterThan(10 * 60_000);
    expect(to - from).toBeLessThan(25 * 60_000);
    await page.getByRole("img", { name: /Chart: 1 series/ }).waitFor();
    await ctx.close();
  });

  it("a bad query shows Prometheus' error and what to do; the builder writes PromQL (phone)", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent("sum(rate(x[5m])")}`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/query failed/i);
    await page.getByText("Query builder").click();
    await page.getByLabel("Metric").fill("checkout_http_requests_total");
    await page.getByLabel("Function").selectOption("rate");
    await page.getByLabel("Aggregation").selectOption("sum");
    await page.getByLabel("Split by (comma separated)").fill("region");
    await page.getByRole("button", { name: "Use query" }).click();
    await page.getByRole("img", { name: /Chart: 2 series/ }).waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("sum by (region) (rate(checkout_http_requests_total[5m]))");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "explorer-phone");
    await ctx.close();
  });

  it("DDx on the 5xx query ranks region=us-east-1 first and goes into a notebook", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent(Q)}&from=now-15m`);
    await page.getByRole("link", { name: "DDx" }).click();
    await page.waitForURL(/\/ddx\?/);
    const ranked = page.getByRole("list", { name: "Ranked differences" });
    await ranked.waitFor();
    expect(await ranked.getByRole("listitem").first().textContent()).toContain("region=us-east-1");
    await shot(page, "ddx-desktop");
    await page.getByRole("button", { name: "Add to notebook" }).click();
    const dialog = page.getByRole("dialog", { name: "Add to notebook" });
    await dialog.getByLabel("New notebook title").fill("2 AM Checkout Incident");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await dialog.getByRole("link", { name: "2 AM Checkout Incident" }).click();
    await page.getByRole("list", { name: "Cells" }).getByText("region=us-east-1").first().waitFor();
    await ctx.close();
  });

  it("exemplars: the slow bucket's points sit on the latency chart and open their trace; the toggle hides them", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent(LATENCY)}`);
    await page.getByRole("img", { name: /Chart: 1 series/ }).waitFor();
    const points = page.locator("a.exemplar-spot");
    await points.first().waitFor();
    // Six exemplars in the last 30 minutes, all on the chart (the y range takes in their 4.1 s).
    expect(await points.count()).toBe(6);
    expect(await page.getByLabel("Exemplars shown").textContent()).toBe("6 exemplars");
    const mine = page.getByRole("link", { name: new RegExp(`^Exemplar 4\\.10 at .*trace ${slowTrace.slice(0, 16)}`) });
    await mine.hover();
    await page.getByRole("tooltip").getByText(slowTrace).waitFor();
    await shot(page, "explorer-exemplars-desktop");
    await mine.click();
    await page.waitForURL(new RegExp(`/traces/${slowTrace}`));
    await page.getByRole("tree", { name: /Flame graph/ }).waitFor();
    await page.goBack();
    await points.first().waitFor();
    await page.getByRole("checkbox", { name: "Exemplars" }).uncheck();
    await page.waitForURL(/exemplars=0/);
    expect(await points.count()).toBe(0);
    await ctx.close();
  });

  it("lists the query's warnings under the editor, the server's text shown as text", async () => {
    // An `le` carrying markup: Prometheus' warning quotes it, and the page must show it, not render it.
    const markup = '<img src=x onerror="document.title=1">';
    const q = `quantile(2, sum by (status) (rate(checkout_http_requests_total[5m]))) or histogram_quantile(0.5, label_replace(checkout_http_requests_total, "le", ${JSON.stringify(markup)}, "", ""))`;
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent(q)}`);
    const notes = page.getByRole("list", { name: "Query warnings and infos" });
    await notes.waitFor();
    const text = await notes.textContent();
    expect(text).toContain("Warning: quantile value should be between 0 and 1, got 2 (1:10)");
    expect(text).toContain(`malformed value of ${JSON.stringify(markup)}`);
    expect(await notes.locator("img").count()).toBe(0);
    await ctx.close();
  });

  it("exemplars on a phone: the points are finger-sized links and the page does not scroll sideways", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent(LATENCY)}`);
    const points = page.locator("a.exemplar-spot");
    await points.first().waitFor();
    const box = (await points.first().boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(14); // a rotated 14 px square: about 20 px across
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "explorer-exemplars-phone");
    await ctx.close();
  });
});

/** checkout_request_duration_seconds over the last 30 minutes, 15 s apart; the 5 s bucket holds one slow request
 * every 5 minutes, each with an exemplar (the most recent names `slow`, a stored trace). */
function latencyHistogram(now: number, slow: string): EncodeSeries[] {
  const start = now - 30 * 60_000;
  const les = ["0.25", "1", "5", "+Inf"];
  const counts = [0, 0, 0, 0];
  const samples: { t: number; v: number }[][] = les.map(() => []);
  const exemplars: NonNullable<EncodeSeries["exemplars"]> = [];
  for (let t = start, i = 0; t <= now; t += 15_000, i++) {
    const slowNow = i % 20 === 10;
    counts[0] += 40;
    counts[1] += 42;
    counts[2] += 42 + (slowNow ? 1 : 0);
    counts[3] = counts[2];
    les.forEach((_, k) => samples[k].push({ t, v: counts[k] }));
    if (slowNow) exemplars.push({ labels: { trace_id: randomHex(16) }, v: 4.1, t });
  }
  exemplars[exemplars.length - 1].labels.trace_id = slow;
  return les.map((le, k) => ({
    labels: { __name__: "checkout_request_duration_seconds_bucket", service: "checkout-service", le },
    samples: samples[k],
    ...(le === "5" ? { exemplars } : {}),
  }));
}

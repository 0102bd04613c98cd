// Service page RED charts, the dependency map on a phone, and the logs severity histogram as stacked
// bars, in real Chromium against a real Vigil fed through /v1/traces, /v1/logs and /api/change-events.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { repoRoot, startVigil, type RunningVigil } from "../compat/harness";
import { checkoutTrace, logsJson, randomHex, toOtlpJson, type LogOptions } from "../integration/traces-fixtures";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { postJson } from "./data";

let vigil: RunningVigil;
let browser: Browser;
const DEPLOY = "Deploy: checkout-service v3.41.0";

beforeAll(async () => {
  vigil = await startVigil({ port: 19050 });
  const now = Date.now();
  const t0 = now - 30 * 60_000;
  const spans = [];
  // An hour of healthy checkouts every 10 s, then one in three fails on payment-gateway from the deploy on.
  for (let k = 0; k < 57 * 6; k++) {
    const t = now - 58 * 60_000 + k * 10_000;
    spans.push(...checkoutTrace({ traceId: randomHex(16), startMs: t, failing: t >= t0 + 2 * 60_000 && k % 3 === 0 }));
  }
  await postJson(vigil, "/v1/traces", toOtlpJson(spans));
  await postJson(vigil, "/api/change-events", {
    title: DEPLOY,
    source: "ArgoCD",
    category: "deploys",
    happenedAt: t0,
    labels: { service: "checkout-service", region: "us-east-1" },
  });
  const logs: LogOptions[] = [];
  for (let i = 0; i < 600; i++)
    logs.push({
      timeMs: now - 50 * 60_000 + i * 5000,
      service: "checkout-service",
      severityNumber: 9,
      severityText: "INFO",
      body: `payment request ${i} accepted`,
    });
  for (let i = 0; i < 120; i++)
    logs.push({
      timeMs: t0 + 2 * 60_000 + i * 10_000,
      service: "checkout-service",
      severityNumber: 17,
      severityText: "ERROR",
      body: "lookup payment-provider.internal: no such host",
    });
  for (let i = 0; i < 60; i++)
    logs.push({
      timeMs: now - 45 * 60_000 + i * 30_000,
      service: "checkout-service",
      severityNumber: 13,
      severityText: "WARN",
      body: "retrying payment",
    });
  await postJson(vigil, "/v1/logs", logsJson(logs));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

/** Canvas pixels close to `hex` inside a uPlot chart: proof that something was drawn in that colour. */
function countColour(page: Page, chart: string, hex: string): Promise<number> {
  return page.evaluate(
    ([sel, h]) => {
      const canvas = document.querySelector(sel)?.querySelector("canvas");
      if (!canvas) return -1;
      const want = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
      const px = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4)
        if (px[i + 3] > 200 && want.every((c, k) => Math.abs(px[i + k] - c) < 24)) n++;
      return n;
    },
    [chart, hex] as const,
  );
}

describe("service page", () => {
  it("draws requests/s, errors/s and p99 over the range, with the deploy marker", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/services/checkout-service");
    for (const title of ["Requests per second", "Errors per second", "p99 duration"]) {
      const fig = page.getByRole("figure", { name: `${title} · checkout-service` });
      await fig.getByRole("img", { name: `Chart: ${title} · checkout-service` }).waitFor();
      const caption = await fig.locator("figcaption").textContent();
      expect(caption).toContain('server and consumer spans of service.name="checkout-service"');
      expect(caption).toMatch(/step 1m/);
      expect(caption).toMatch(/last 1 hour|now-1h|1h/i);
      expect(caption).toMatch(/unit: (req\/s|err\/s|ms)/);
      expect(await fig.getByRole("list", { name: "Events on this chart" }).getByText(DEPLOY).count()).toBe(1);
    }
    // Data, not just axes: the single series (first palette colour) is drawn in each chart.
    for (const key of ["requests", "errors", "duration"])
      expect(await countColour(page, `[data-panel=${key}]`, "#4c9aff"), key).toBeGreaterThan(50);
    // The API the charts read: errors only after the deploy, p99 above 4 s once ChargeCard times out.
    const res = await fetch(`${vigil.url}/api/services/checkout-service/red?start=now-1h&end=now`, {
      headers: { authorization: `Bearer ${vigil.token}` },
    });
    const red = (await res.json()) as { errorsPerSec: number[]; p99Ms: (number | null)[]; spans: number };
    expect(red.spans).toBeGreaterThan(100);
    expect(red.errorsPerSec.slice(0, 20).every((v) => v === 0)).toBe(true);
    expect(Math.max(...red.p99Ms.map((v) => v ?? 0))).toBeGreaterThan(4000);
    await shot(page, "services-red-desktop");
    await ctx.close();
  });

  it("on a 390 px phone the dependency map fits, edges are tappable, the table stays", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, "/services/checkout-service");
    const map = page.getByRole("group", { name: /Dependency map of checkout-service: callers above/ });
    await map.waitFor();
    const box = (await map.boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    const edge = page.getByRole("button", { name: /Call checkout-service to payment-gateway/ });
    const eb = (await edge.boundingBox())!;
    expect(Math.min(eb.width, eb.height)).toBeGreaterThanOrEqual(20);
    const node = (await page.getByRole("button", { name: "payment-gateway", exact: true }).boundingBox())!;
    expect(node.width).toBeGreaterThanOrEqual(44);
    expect(node.height).toBeGreaterThanOrEqual(44);
    await page
      .getByRole("table", { name: "Calls" })
      .getByRole("row", { name: /checkout-service → payment-gateway/ })
      .waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await map.scrollIntoViewIfNeeded();
    await shot(page, "services-map-phone");
    await map.screenshot({ path: path.join(repoRoot, "test/e2e/out", "services-map-phone-map.png") });
    await edge.tap();
    await page.waitForURL(/sel=edge/);
    expect(await page.getByRole("region", { name: "Selection" }).textContent()).toContain(
      "checkout-service → payment-gateway",
    );
    await page.getByRole("figure", { name: "p99 duration · checkout-service" }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await ctx.close();
  });
});

describe("logs explorer severity histogram", () => {
  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`draws stacked bars per severity with a legend (${name})`, async () => {
      const { ctx, page } = await newPage(browser, viewport);
      await signIn(page, vigil.url, vigil.token, "/logs?service=checkout-service");
      const legend = page.getByRole("list", { name: "Severity legend" });
      await legend.getByText("error: 120").waitFor();
      expect((await legend.getByRole("listitem").allTextContents()).map((s) => s.trim())).toEqual([
        "error: 120",
        "warn: 60",
        "info: 600",
      ]);
      await page
        .getByRole("img", { name: /Chart: Log lines per bucket, stacked by severity: error 120, warn 60, info 600/ })
        .waitFor();
      // Bars fill area: far more info-blue pixels than a 1.5 px line across the chart could have.
      const plotW = await page.locator(".log-bars canvas").evaluate((c) => (c as HTMLCanvasElement).width);
      expect(await countColour(page, ".log-bars", "#4c9aff")).toBeGreaterThan(plotW * 8);
      expect(await countColour(page, ".log-bars", "#f85149")).toBeGreaterThan(200);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await shot(page, `logs-histogram-${name}`);
      // An honest empty state when nothing matches.
      await page.goto(`${vigil.url}/logs?service=no-such-service`);
      await page.getByRole("status", { name: "Severity histogram" }).getByText("No log lines to chart").waitFor();
      await ctx.close();
    });
  }
});

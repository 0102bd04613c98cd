// Services, trace explorer, flame graph and logs in real Chromium against a real Vigil, with the checkout
// incident sent as OTLP/JSON through /v1/traces and /v1/logs: a healthy baseline an hour earlier, then
// v3.41.0 failing on payment-provider.internal.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { checkoutTrace, logsJson, randomHex, toOtlpJson, type LogOptions } from "../integration/traces-fixtures";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";

let vigil: RunningVigil;
let browser: Browser;
let failingTrace = "";
const DNS = "dial tcp: lookup payment-provider.internal on 10.0.0.10:53: no such host (DNS lookup failure)";

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${vigil.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  vigil = await startVigil({ port: 18640 });
  const now = Date.now();
  const spans = [];
  for (let i = 0; i < 12; i++)
    spans.push(
      ...checkoutTrace({ traceId: randomHex(16), startMs: now - 110 * 60_000 + i * 4 * 60_000, failing: false }),
    );
  const failing: string[] = [];
  for (let i = 0; i < 12; i++) {
    const traceId = randomHex(16);
    failing.push(traceId);
    spans.push(...checkoutTrace({ traceId, startMs: now - 40 * 60_000 + i * 3 * 60_000, failing: true }));
    spans.push(
      ...checkoutTrace({
        traceId: randomHex(16),
        startMs: now - 39 * 60_000 + i * 3 * 60_000,
        failing: false,
        region: "us-west-2",
      }),
    );
  }
  failingTrace = failing[0];
  await post("/v1/traces", toOtlpJson(spans));
  // 1,200 lines: enough that the list must virtualise; the DNS errors carry their trace ids.
  const logs: LogOptions[] = [];
  for (let i = 0; i < 1200; i++)
    logs.push({
      timeMs: now - 50 * 60_000 + i * 2000,
      service: "checkout-service",
      severityNumber: 9,
      severityText: "INFO",
      body: `payment request ${i} accepted`,
      attributes: { "http.route": "/v2/process-payment" },
    });
  failing.forEach((traceId, i) =>
    logs.push({
      timeMs: now - 40 * 60_000 + i * 3 * 60_000 + 4000,
      service: "checkout-service",
      severityNumber: 17,
      severityText: "ERROR",
      body: DNS,
      traceId,
      attributes: { "http.status_code": "503" },
    }),
  );
  await post("/v1/logs", logsJson(logs));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

async function noSideScroll(page: Page) {
  expect(await hasHorizontalScroll(page)).toBe(false);
}

describe.each([
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const)("traces, services and logs (%s)", (name, viewport) => {
  it("services list -> service page shows checkout -> payment-gateway failing against baseline", async () => {
    const { ctx, page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, "/services");
    const table = page.getByRole("table", { name: "Services" });
    await table.getByRole("link", { name: "checkout-service" }).click();
    await page.waitForURL(/\/services\/checkout-service/);
    const calls = page.getByRole("table", { name: "Calls" });
    const row = calls.getByRole("row", { name: /checkout-service → payment-gateway/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/errors new, p99 x2\d/);
    if (name === "desktop") {
      const edge = page.getByRole("button", { name: /Call checkout-service to payment-gateway/ });
      expect(await edge.getAttribute("aria-label")).toContain("errors new, p99 x");
      await page.getByRole("button", { name: "External payment-provider.internal" }).waitFor();
      await edge.click();
      await page.waitForURL(/sel=edge/);
      await page.getByRole("region", { name: "Selection" }).getByRole("link", { name: "DDx" }).waitFor();
      const href = await page
        .getByRole("region", { name: "Selection" })
        .getByRole("link", { name: "Traces" })
        .getAttribute("href");
      expect(href).toContain("/traces?service=payment-gateway&status=error");
    }
    await noSideScroll(page);
    await shot(page, `traces-logs-service-${name}`);
    await ctx.close();
  });

  it("trace explorer: leaf errors on payment-gateway ChargeCard, results, Trace DDx link", async () => {
    const { ctx, page } = await newPage(browser, viewport);
    await signIn(
      page,
      vigil.url,
      vigil.token,
      `/traces?service=checkout-service&status=error&tag=${encodeURIComponent("deployment.version=v3.41.0")}`,
    );
    const stats = page.getByRole("table", { name: "Span statistics" });
    const leaf = stats.getByRole("row", { name: /Leaf errors in payment-gateway grpc.PaymentProcessor\/ChargeCard/ });
    await leaf.waitFor();
    expect(await stats.getByRole("row", { name: /^Leaf errors in/ }).count()).toBe(1);
    const results = page.getByRole("table", { name: "Traces" });
    await results
      .getByRole("link", { name: /frontend: GET \/checkout/ })
      .first()
      .waitFor();
    expect(await results.getByRole("row").count()).toBe(13); // header + the 12 failing v3.41.0 traces
    const ddx = await page.getByRole("link", { name: "Trace DDx" }).getAttribute("href");
    expect(ddx).toMatch(/^\/ddx\?kind=traces&service=checkout-service&start=\d+&end=\d+/);
    await noSideScroll(page);
    await shot(page, `traces-logs-explorer-${name}`);
    await ctx.close();
  });

  it("trace view: flame graph marks error spans, details show the message, search and zoom", async () => {
    const { ctx, page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, `/traces/${failingTrace}`);
    const flame = page.getByRole("tree", { name: /Flame graph/ });
    await flame.waitFor();
    expect(await flame.locator('[data-error="true"]').count()).toBe(6);
    await page
      .getByRole("note", { name: "Leaf errors" })
      .getByRole("link", { name: /payment-gateway grpc.PaymentProcessor\/ChargeCard/ })
      .click();
    const details = page.getByRole("complementary", { name: "Span details" });
    await details.getByText("connection refused: payment-provider.internal:443").first().waitFor();
    expect(await details.textContent()).toContain("net.peer.name");
    await page.getByRole("searchbox", { name: "Find spans" }).fill("inventory");
    await page.getByText("1 span matches “inventory”").waitFor();
    await flame.getByRole("treeitem", { name: /checkout-service POST \/v2\/process-payment/ }).dblclick();
    await page.waitForURL(/zoom=/);
    await page.getByRole("button", { name: "Reset zoom" }).click();
    await page.waitForURL((u) => !u.searchParams.has("zoom"));
    expect(await page.getByRole("link", { name: "Logs for this trace" }).getAttribute("href")).toBe(
      `/logs?traceId=${failingTrace}`,
    );
    await noSideScroll(page);
    await shot(page, `traces-logs-flame-${name}`);
    await ctx.close();
  });

  it("logs explorer: histogram, virtualised list, the DNS error links to its trace", async () => {
    const { ctx, page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, "/logs?service=checkout-service");
    const list = page.getByRole("listbox", { name: /Log lines/ });
    await list.getByRole("option").first().waitFor();
    await page.getByRole("img", { name: /Chart: Log lines per bucket/ }).waitFor();
    // Virtualised: far fewer rows in the DOM than lines loaded.
    await page.getByText(/\d+ lines loaded/).waitFor();
    expect(await list.getByRole("option").count()).toBeLessThan(80);
    await page.getByLabel("Severity at least").selectOption("error");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/severity=error/);
    // The previous page stays on screen while the filtered one loads: wait for the new count.
    await page.getByText("12 lines loaded, newest first.").waitFor();
    const dns = list.getByRole("option", { name: /DNS lookup failure/ }).first();
    expect(await list.getByRole("option").count()).toBe(12);
    await dns.click();
    const details = page.getByRole("complementary", { name: "Log line details" });
    const open = details.getByRole("link", { name: "Open trace" });
    expect(await open.getAttribute("href")).toMatch(/^\/traces\/[0-9a-f]{32}/);
    await details.getByRole("button", { name: "Add line to notebook" }).waitFor();
    await noSideScroll(page);
    await shot(page, `traces-logs-logs-${name}`);
    await open.click();
    await page.getByRole("tree", { name: /Flame graph/ }).waitFor();
    await ctx.close();
  });
});

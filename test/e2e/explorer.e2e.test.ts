import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, shotIfFailed, PHONE, shot, signIn } from "./browser";
import { checkoutSeries, remoteWrite } from "./data";

let vigil: RunningVigil;
let browser: Browser;
const Q = 'sum(rate(checkout_http_requests_total{status=~"5.."}[5m]))';

beforeAll(async () => {
  vigil = await startVigil({ port: 18605 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
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
    const legend = await page.locator(".u-legend").textContent();
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
});

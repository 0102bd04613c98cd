import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RunningVigil;
let browser: Browser;
const HOVER = "Deploy: checkout-service v3.41.0, Source: ArgoCD, Author: deploy-bot, Region: us-east-1";
const DASH = "/dashboards/dash_commerce_checkout";

beforeAll(async () => {
  vigil = await startVigil({ port: 18905 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
  await postJson(vigil, "/api/change-events", {
    title: "Deploy: checkout-service v3.41.0",
    source: "ArgoCD",
    category: "deploys",
    labels: { service: "checkout-service", region: "us-east-1", author: "deploy-bot" },
  });
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe("dashboards", () => {
  it("lists the provisioned dashboard, renders its panels and the deploy marker with its hover text", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/dashboards");
    await page.getByRole("list", { name: "Dashboards" }).getByRole("link", { name: "Commerce Checkout Dashboard" }).click();
    await page.waitForURL((u) => u.pathname === DASH);
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard", level: 1 }).waitFor();
    // Stat panels show a number, timeseries panels a uPlot chart, markdown its sanitised HTML.
    await page.getByLabel("Checkout requests / min value").waitFor();
    expect(await page.getByLabel("Checkout requests / min value").textContent()).toMatch(/\d/);
    await page.locator(".dash-panel canvas").first().waitFor();
    expect(await page.locator(".dash-panel .u-wrap").count()).toBeGreaterThan(2);
    const marker = page.getByRole("list", { name: "Events on this chart" }).first().getByRole("listitem").first();
    await marker.waitFor();
    await marker.hover();
    expect(await marker.getAttribute("title")).toBe(HOVER);
    // Variables live in the URL and narrow the queries.
    await page.getByRole("combobox", { name: "Region" }).selectOption("us-west-2");
    expect(new URL(page.url()).searchParams.get("var-region")).toBe("us-west-2");
    await page.getByRole("combobox", { name: "Region" }).selectOption(".*");
    // Panel menu: explorer link carries the substituted query.
    await page.getByText("⋯").first().click();
    const href = await page.getByRole("menuitem", { name: "Open in explorer" }).first().getAttribute("href");
    expect(new URL(href!, vigil.url).searchParams.get("q")).toContain('environment="production"');
    await page.keyboard.press("Escape");
    await page.reload();
    await page.locator(".dash-panel canvas").first().waitFor();
    await shot(page, "dashboard-desktop");
    await ctx.close();
  });

  it("edits the title and saves a new version", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, DASH);
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Title", { exact: true }).fill("Commerce Checkout Dashboard (edited)");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard (edited)", level: 1 }).waitFor();
    await page.getByText(/Version 2/).waitFor();
    await ctx.close();
  });

  it("fits a phone without horizontal scroll", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, DASH);
    await page.locator(".dash-panel canvas").first().waitFor();
    await page.getByLabel("Checkout requests / min value").waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "dashboard-phone");
    await ctx.close();
  });
});

describe("monitors", () => {
  it("shows API validation errors, creates a monitor with a live preview, and lists it", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/monitors");
    await page.getByRole("link", { name: "New monitor" }).click();
    await page.getByLabel("Name").fill("checkout-error-budget-burn");
    await page.getByRole("button", { name: "Create monitor" }).click();
    await page.getByRole("alert").filter({ hasText: "Not saved" }).waitFor();
    await page.getByLabel("Query (PromQL)").fill('sum by (region) (rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum by (region) (rate(checkout_http_requests_total[5m])) * 100');
    await page.getByLabel("critical threshold").fill("5");
    await page.getByLabel("Signal mode").selectOption("labels");
    await page.getByLabel("Label keys (comma separated)").fill("region");
    await page.getByLabel("Team").fill("Payments");
    await page.getByRole("button", { name: "Preview" }).click();
    const signals = page.getByRole("table", { name: "Signals now" });
    await signals.getByRole("row", { name: /region=us-east-1.*critical/ }).waitFor();
    await signals.getByRole("row", { name: /region=us-west-2.*ok/ }).waitFor();
    await page.getByRole("img", { name: "Chart: Monitor query" }).waitFor();
    await shot(page, "monitor-editor-desktop");
    await page.getByRole("button", { name: "Create monitor" }).click();
    await page.waitForURL((u) => /^\/monitors\/mon_/.test(u.pathname));
    await page.getByRole("region", { name: "Version history" }).getByText(/v1/).waitFor();
    await page.getByRole("link", { name: "All monitors" }).click();
    const item = page.getByRole("list", { name: "Monitors" }).getByRole("listitem").filter({ hasText: "checkout-error-budget-burn" });
    await item.waitFor();
    expect(await item.textContent()).toContain("Payments");
    await shot(page, "monitors-desktop");
    await ctx.close();
  });

  it("the editor fits a phone", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, "/monitors/new");
    await page.getByLabel("Query (PromQL)").fill("sum by (region) (rate(checkout_http_requests_total[5m]))");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("img", { name: "Chart: Monitor query" }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "monitor-editor-phone");
    await ctx.close();
  });
});

// Dashboards in real Chromium against a real Vigil: the provisioned Commerce Checkout Dashboard with its
// deploy marker, import/export round trip, favourites on Home, "Add to notebook" from a panel menu, version
// history with restore, and logs/traces/service-map panels drawn inline from OTLP data. Phone size too.
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { checkoutTrace, logsJson, randomHex, toOtlpJson, type LogOptions } from "../integration/traces-fixtures";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RunningVigil;
let browser: Browser;
const HOVER = "Deploy: checkout-service v3.41.0, Source: ArgoCD, Author: deploy-bot, Region: us-east-1";
const DASH = "/dashboards/dash_commerce_checkout";
const DNS = "lookup payment-provider.internal: no such host";
const failingTraces: string[] = [];
let importedPath = "";

/** The board an on-call engineer might paste in: one chart and the three search-driven panel types. */
const BOARD = {
  format: "vigil.dashboard/v1",
  model: {
    title: "Checkout incident board",
    tags: ["e2e", "checkout"],
    variables: [
      {
        name: "service",
        type: "custom",
        label: "Service",
        options: ["checkout-service", "payment-gateway"],
        current: "checkout-service",
      },
    ],
    panels: [
      {
        id: "rps",
        type: "timeseries",
        title: "Checkout requests by region",
        queries: [{ refId: "A", expr: "sum by (region) (rate(checkout_http_requests_total[5m]))" }],
        gridPos: { x: 0, y: 0, w: 12, h: 7 },
      },
      {
        id: "map",
        type: "service_map",
        datasource: "traces",
        title: "Dependencies",
        queries: [{ refId: "A", expr: 'service.name="$service"' }],
        gridPos: { x: 12, y: 0, w: 12, h: 7 },
      },
      {
        id: "errors",
        type: "logs",
        datasource: "logs",
        title: "Error logs",
        queries: [{ refId: "A", expr: 'service.name="$service" severity>=error' }],
        gridPos: { x: 0, y: 7, w: 12, h: 8 },
      },
      {
        id: "failing",
        type: "traces",
        datasource: "traces",
        title: "Failing traces",
        queries: [{ refId: "A", expr: 'service.name="$service" status=error' }],
        gridPos: { x: 12, y: 7, w: 12, h: 8 },
      },
    ],
  },
};

beforeAll(async () => {
  vigil = await startVigil({ port: 19040 });
  const now = Date.now();
  await remoteWrite(vigil, checkoutSeries(now));
  await postJson(vigil, "/api/change-events", {
    title: "Deploy: checkout-service v3.41.0",
    source: "ArgoCD",
    category: "deploys",
    labels: { service: "checkout-service", region: "us-east-1", author: "deploy-bot" },
  });
  const spans = [];
  for (let i = 0; i < 30; i++) {
    const failing = i % 5 === 0;
    const traceId = randomHex(16);
    if (failing) failingTraces.push(traceId);
    spans.push(...checkoutTrace({ traceId, startMs: now - 40 * 60_000 + i * 60_000, failing }));
  }
  await postJson(vigil, "/v1/traces", toOtlpJson(spans));
  const logs: LogOptions[] = [];
  for (let i = 0; i < 60; i++)
    logs.push({
      timeMs: now - 45 * 60_000 + i * 30_000,
      service: "checkout-service",
      severityNumber: 9,
      severityText: "INFO",
      body: `payment request ${i} accepted`,
    });
  failingTraces.forEach((traceId, i) =>
    logs.push({
      timeMs: now - 40 * 60_000 + i * 5 * 60_000 + 2000,
      service: "checkout-service",
      severityNumber: 17,
      severityText: "ERROR",
      body: DNS,
      traceId,
    }),
  );
  await postJson(vigil, "/v1/logs", logsJson(logs));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${vigil.url}${path}`, { headers: { authorization: `Bearer ${vigil.token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function importThroughUi(page: Page, name: string, json: unknown): Promise<string> {
  await page.getByRole("heading", { name: "Dashboards", level: 1 }).waitFor();
  await page
    .getByLabel("Import dashboard JSON")
    .setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(json)) });
  await page.waitForURL((u) => /^\/dashboards\/dash_/.test(u.pathname) && u.pathname !== DASH);
  return new URL(page.url()).pathname;
}

describe("dashboards", () => {
  it("lists the provisioned dashboard, renders its panels, the deploy marker with its hover text and the inline service map", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/dashboards");
    await page
      .getByRole("list", { name: "Dashboards" })
      .getByRole("link", { name: "Commerce Checkout Dashboard" })
      .click();
    await page.waitForURL((u) => u.pathname === DASH);
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard", level: 1 }).waitFor();
    // Stat panels show a number, timeseries panels a uPlot chart, markdown its sanitised HTML.
    await page.getByLabel("Checkout requests / min value").waitFor();
    expect(await page.getByLabel("Checkout requests / min value").textContent()).toMatch(/\d/);
    await page.locator(".dash-panel canvas").first().waitFor();
    expect(await page.locator(".dash-panel .u-wrap").count()).toBeGreaterThan(2);
    const marker = page
      .getByRole("list", { name: "Events on this chart" })
      .first()
      .getByRole("listitem")
      .first()
      .getByRole("button");
    await marker.waitFor();
    await marker.hover();
    expect(await marker.getAttribute("title")).toBe(HOVER);
    // The service-map panel draws the dependency map in the grid, not a link out.
    const deps = page.getByRole("article", { name: "Dependencies" });
    await deps.getByRole("group", { name: /Dependency map of checkout-service/ }).waitFor();
    await deps
      .getByRole("button", { name: /payment-gateway/ })
      .first()
      .waitFor();
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
    await deps.getByRole("group", { name: /Dependency map/ }).waitFor();
    await shot(page, "dashboard-desktop");
    await ctx.close();
  });

  it("imports a dashboard from JSON and draws logs, traces and the service map inline", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/dashboards");
    importedPath = await importThroughUi(page, "incident-board.json", BOARD);
    await page.getByRole("heading", { name: "Checkout incident board", level: 1 }).waitFor();
    // Logs: the newest matching lines only (the error filter drops the INFO lines), each a link to its details.
    const lines = page.getByRole("list", { name: "Error logs: newest log lines" }).getByRole("listitem");
    await lines.first().waitFor();
    expect(await lines.count()).toBe(failingTraces.length);
    expect(await lines.first().textContent()).toContain(DNS);
    const lineHref = new URL((await lines.first().getByRole("link").getAttribute("href"))!, vigil.url);
    expect(lineHref.pathname).toBe("/logs");
    expect(lineHref.searchParams.get("service")).toBe("checkout-service");
    expect(lineHref.searchParams.get("severity")).toBe("error");
    expect(lineHref.searchParams.get("line")).toBeTruthy();
    // Traces: a compact table of the failing traces, each linking to its trace view.
    const rows = page.getByRole("table", { name: "Failing traces: traces" }).getByRole("row");
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(failingTraces.length + 1);
    const first = rows.nth(1).getByRole("link");
    const traceHref = (await first.getAttribute("href"))!;
    expect(failingTraces).toContain(new URL(traceHref, vigil.url).pathname.split("/").pop());
    await page
      .getByRole("article", { name: "Dependencies" })
      .getByRole("group", { name: /Dependency map of checkout-service/ })
      .waitFor();
    await page.locator(".dash-panel canvas").first().waitFor();
    await shot(page, "dashboard-inline-panels-desktop");
    // Another service through the variable: the panels follow it.
    await page.getByRole("combobox", { name: "Service" }).selectOption("payment-gateway");
    await page.getByRole("article", { name: "Error logs" }).getByText("No matching log lines in this range").waitFor();
    await page
      .getByRole("article", { name: "Dependencies" })
      .getByRole("group", { name: /Dependency map of payment-gateway/ })
      .waitFor();
    await page.getByRole("combobox", { name: "Service" }).selectOption("checkout-service");
    await first.click();
    await page.waitForURL((u) => u.pathname === new URL(traceHref, vigil.url).pathname);
    await ctx.close();
  });

  it("exports JSON that imports back to the same model", async () => {
    expect(importedPath).not.toBe("");
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, importedPath);
    await page.getByRole("heading", { name: "Checkout incident board", level: 1 }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export JSON" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("Checkout-incident-board.json");
    const exported = JSON.parse(await readFile((await download.path())!, "utf8")) as { format: string; model: unknown };
    expect(exported.format).toBe("vigil.dashboard/v1");
    await page.goto(`${vigil.url}/dashboards`);
    const again = await importThroughUi(page, "Checkout-incident-board.json", exported);
    expect(again).not.toBe(importedPath);
    const a = await api<{ model: unknown }>(`/api${importedPath}`);
    const b = await api<{ model: unknown }>(`/api${again}`);
    expect(b.model).toEqual(a.model);
    expect(exported.model).toEqual(a.model);
    await ctx.close();
  });

  it("favourites a dashboard and shows it on Home", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, importedPath);
    await page.getByRole("heading", { name: "Checkout incident board", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Add to favorites" }).click();
    await page.getByRole("button", { name: "Remove from favorites" }).waitFor();
    expect(await page.getByRole("button", { name: "Remove from favorites" }).getAttribute("aria-pressed")).toBe("true");
    await page.goto(`${vigil.url}/`);
    const fav = page.getByRole("region", { name: "Favourites" }).getByRole("link", { name: "Checkout incident board" });
    await fav.waitFor();
    await fav.click();
    await page.waitForURL((u) => u.pathname === importedPath);
    await ctx.close();
  });

  it("adds a logs panel in edit mode: the type picker switches it to a search query drawn inline", async () => {
    expect(importedPath).not.toBe("");
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, importedPath);
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByRole("button", { name: "Add panel" }).click();
    const id = (await page
      .locator("legend", { hasText: /^Edit panel-/ })
      .last()
      .textContent())!.replace("Edit ", "");
    await page.getByLabel(`Type of ${id}`).selectOption("logs");
    await page.getByLabel(`Title of ${id}`).fill("Payment requests");
    await page.getByLabel(`Query of ${id}`).fill('service.name="$service" accepted');
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Version 2").waitFor();
    const list = page.getByRole("list", { name: "Payment requests: newest log lines" });
    await list.getByRole("listitem").first().waitFor();
    // 60 INFO lines match; the panel keeps the newest 50 and says so.
    expect(await list.getByRole("listitem").count()).toBe(50);
    expect(await list.getByRole("listitem").first().textContent()).toContain("payment request 59 accepted");
    await page.getByRole("article", { name: "Payment requests" }).getByText("newest 50 lines").waitFor();
    await shot(page, "dashboard-edit-logs-panel");
    const saved = await api<{ model: { panels: { id: string; type: string; datasource: string }[] } }>(
      `/api${importedPath}`,
    );
    expect(saved.model.panels.find((p) => p.id === id)).toMatchObject({ type: "logs", datasource: "logs" });
    await ctx.close();
  });

  it("adds a panel to a notebook from its menu as a snapshot chart", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, DASH);
    const panel = page.getByRole("article", { name: "Request rate by endpoint" });
    await panel.locator("canvas").first().waitFor();
    await panel.getByLabel("Panel menu: Request rate by endpoint").click();
    await panel.getByRole("button", { name: "Add to notebook" }).click();
    const dialog = page.getByRole("dialog", { name: "Add to notebook" });
    await dialog.getByLabel("New notebook title").fill("2 AM Checkout Incident");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await dialog.getByRole("status").getByRole("link", { name: "2 AM Checkout Incident" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/notebooks/"));
    const cell = page.getByRole("list", { name: "Cells" }).getByRole("listitem", { name: "snapshot_chart cell" });
    await cell.getByRole("img", { name: "Chart: Snapshot" }).waitFor();
    await cell.locator("canvas").first().waitFor();
    const nb = await api<{
      cells: { type: string; data?: { series?: unknown[] }; dashboardId?: string; panelId?: string }[];
    }>(`/api/notebooks/${new URL(page.url()).pathname.split("/").pop()}`);
    expect(nb.cells).toHaveLength(1);
    expect(nb.cells[0]).toMatchObject({
      type: "snapshot_chart",
      dashboardId: "dash_commerce_checkout",
      panelId: "request-rate",
    });
    expect(nb.cells[0]!.data?.series?.length).toBeGreaterThan(0);
    await shot(page, "dashboard-snapshot-notebook");
    await ctx.close();
  });

  it("edits (new version with a note), views an old version's JSON and restores it", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, DASH);
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard", level: 1 }).waitFor();
    const before = await api<{ version: number; model: { panels: unknown[] } }>(`/api${DASH}`);
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Title", { exact: true }).fill("Commerce Checkout Dashboard (edited)");
    await page.getByRole("group", { name: "Edit about" }).getByRole("button", { name: "Remove panel" }).click();
    await page.getByLabel("Change note").fill("trim for the incident");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard (edited)", level: 1 }).waitFor();
    await page.getByText(`Version ${before.version + 1}`).waitFor();
    expect(await page.getByRole("article", { name: "About" }).count()).toBe(0);

    await page.getByRole("button", { name: "Versions" }).click();
    const dialog = page.getByRole("dialog", { name: "Dashboard versions" });
    const items = dialog.getByRole("list", { name: "Versions" }).getByRole("listitem");
    await items.nth(1).waitFor();
    expect(await items.count()).toBe(before.version + 1);
    expect(await items.first().textContent()).toContain("trim for the incident");
    expect(await items.first().getAttribute("aria-current")).toBe("true");
    await dialog.getByRole("button", { name: `View JSON of version ${before.version}` }).click();
    const json = dialog.getByLabel(`JSON of version ${before.version}`, { exact: true });
    await json.waitFor();
    expect(await json.textContent()).toContain('"title": "Commerce Checkout Dashboard"');
    await shot(page, "dashboard-versions-desktop");
    // Restore asks first; cancelling changes nothing.
    await dialog.getByRole("button", { name: `Restore version ${before.version}` }).click();
    await dialog
      .getByRole("group", { name: `Confirm restoring version ${before.version}` })
      .getByRole("button", { name: "Cancel" })
      .click();
    expect(await dialog.getByRole("group", { name: /Confirm restoring/ }).count()).toBe(0);
    await dialog.getByRole("button", { name: `Restore version ${before.version}` }).click();
    await dialog.getByRole("button", { name: `Yes, restore version ${before.version}` }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard", exact: true, level: 1 }).waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: `Restored as version ${before.version + 2}` })
      .waitFor();
    await page.getByRole("article", { name: "About" }).waitFor();
    const after = await api<{ version: number; model: { panels: unknown[] } }>(`/api${DASH}`);
    expect(after.version).toBe(before.version + 2);
    expect(after.model).toEqual(before.model);
    // The restore is itself a version, with a message saying so.
    await page.getByRole("button", { name: "Versions" }).click();
    await page
      .getByRole("dialog", { name: "Dashboard versions" })
      .getByRole("list", { name: "Versions" })
      .getByRole("listitem")
      .first()
      .getByText(`restored version ${before.version}`)
      .waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Dashboard versions" }).waitFor({ state: "detached" });
    await ctx.close();
  });

  it("fits a phone without horizontal scroll, inline panels and the version history included", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, DASH);
    await page.locator(".dash-panel canvas").first().waitFor();
    await page.getByLabel("Checkout requests / min value").waitFor();
    await page
      .getByRole("article", { name: "Dependencies" })
      .getByRole("group", { name: /Dependency map/ })
      .waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "dashboard-phone");
    await page.goto(`${vigil.url}${importedPath}`);
    await page.getByRole("list", { name: "Error logs: newest log lines" }).getByRole("listitem").first().waitFor();
    await page.getByRole("table", { name: "Failing traces: traces" }).getByRole("row").nth(1).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "dashboard-inline-panels-phone");
    await page.getByRole("button", { name: "Versions" }).click();
    await page
      .getByRole("dialog", { name: "Dashboard versions" })
      .getByRole("list", { name: "Versions" })
      .getByRole("listitem")
      .first()
      .waitFor();
    await page.getByRole("button", { name: /View JSON of version 1/ }).click();
    await page.getByLabel("JSON of version 1", { exact: true }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "dashboard-versions-phone");
    await page.getByRole("button", { name: "Close" }).click();
    // Edit mode on a phone: type picker, title, query and the change note still fit.
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Type of errors").waitFor();
    await page.getByLabel("Change note").waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "dashboard-edit-phone");
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
    await page
      .getByLabel("Query (PromQL)")
      .and(page.locator(".cm-content"))
      .fill(
        'sum by (region) (rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum by (region) (rate(checkout_http_requests_total[5m])) * 100',
      );
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
    const item = page
      .getByRole("list", { name: "Monitors" })
      .getByRole("listitem")
      .filter({ hasText: "checkout-error-budget-burn" });
    await item.waitFor();
    expect(await item.textContent()).toContain("Payments");
    await shot(page, "monitors-desktop");
    await ctx.close();
  });
});

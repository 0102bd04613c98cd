// Monitor editor in real Chromium: the query is written in the lazy-loaded PromQL editor (highlighting,
// autocomplete from Vigil's own API), the preview follows the typing, saving stores exactly what was typed;
// and a plain textarea takes over when the editor chunk cannot load.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutSeries, remoteWrite } from "./data";

let vigil: RunningVigil;
let browser: Browser;
const RATIO =
  'sum by (region) (rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum by (region) (rate(checkout_http_requests_total[5m])) * 100';

beforeAll(async () => {
  vigil = await startVigil({ port: 19052 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

async function monitorQuery(id: string): Promise<string> {
  const res = await fetch(`${vigil.url}/api/monitors/${id}`, { headers: { authorization: `Bearer ${vigil.token}` } });
  return ((await res.json()) as { query: string }).query;
}

/** Signals the preview lists right now, e.g. ["region=us-east-1 … critical", …]. */
async function signalRows(page: Page): Promise<string[]> {
  return (await page.getByRole("table", { name: "Signals now" }).locator("tbody tr").allTextContents()).map((s) =>
    s.replace(/\s+/g, " "),
  );
}

describe("monitor editor", () => {
  it("PromQL editor: autocomplete, highlighting, live preview, save", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/monitors/new");
    await page.getByLabel("Name").fill("checkout-error-budget-burn");
    // The CodeMirror editor itself, not the plain textarea shown (with the same label) while its chunk loads.
    const editor = page.getByRole("textbox", { name: "Query (PromQL)" }).and(page.locator(".cm-content"));
    await editor.waitFor();
    expect(await editor.getAttribute("class")).toContain("cm-content");
    await editor.click();
    await page.keyboard.type("sum by (region) (rate(checkout_http_req");
    // Autocomplete against Vigil's /api/v1: the metric name is offered and taken by a click (CodeMirror
    // ignores Enter for 75 ms after the list changes, so a robot's instant Enter would type a newline).
    await page
      .locator(".cm-tooltip-autocomplete")
      .getByRole("option", { name: /checkout_http_requests_total/ })
      .first()
      .click();
    await page.keyboard.type('{status=~"5.."}[5m])) / sum by (region) (rate(checkout_http_requests_total[5m])) * 100');
    expect((await editor.innerText()).trim()).toBe(RATIO);
    // Highlighting: the line is split into styled tokens.
    expect(await editor.locator(".cm-line span").count()).toBeGreaterThan(5);
    await page.getByLabel("critical threshold").fill("5");
    await page.getByLabel("Signal mode").selectOption("labels");
    await page.getByLabel("Label keys (comma separated)").fill("region");
    // No Preview press: the preview follows the query once typing pauses.
    const signals = page.getByRole("table", { name: "Signals now" });
    await signals.getByRole("row", { name: /region=us-east-1.*critical/ }).waitFor();
    await signals.getByRole("row", { name: /region=us-west-2.*ok/ }).waitFor();
    await page.getByRole("img", { name: "Chart: Monitor query" }).waitFor();
    await shot(page, "monitor-editor-promql-desktop");
    // Change the query: the preview follows again (one signal per region -> one overall series).
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("sum(rate(checkout_http_requests_total[5m])) > bool 0");
    await page.waitForFunction(
      () => document.querySelectorAll('table[aria-label="Signals now"] tbody tr').length === 1,
    );
    expect((await signalRows(page)).join()).not.toContain("us-east-1");
    // Ctrl+Enter previews at once; then put the real query back and save.
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(RATIO);
    await page.keyboard.press("ControlOrMeta+Enter");
    await signals.getByRole("row", { name: /region=us-east-1.*critical/ }).waitFor();
    await page.getByRole("button", { name: "Create monitor" }).click();
    await page.waitForURL((u) => /^\/monitors\/mon_/.test(u.pathname));
    const id = new URL(page.url()).pathname.split("/").pop()!;
    expect(await monitorQuery(id)).toBe(RATIO);
    // Editing an existing monitor loads its query into the editor.
    await page.getByRole("region", { name: "Version history" }).getByText(/v1/).waitFor();
    expect((await page.getByRole("textbox", { name: "Query (PromQL)" }).innerText()).trim()).toBe(RATIO);
    await ctx.close();
  });

  it("falls back to a labelled textarea when the editor chunk fails to load", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await page.route(/\/assets\/PromqlEditor-[^/]+\.js$/, (r) => r.abort());
    await signIn(page, vigil.url, vigil.token, "/monitors/new");
    await page.getByRole("note").getByText("The PromQL editor could not load").waitFor();
    const box = page.getByRole("textbox", { name: "Query (PromQL)" });
    expect(await box.evaluate((el) => el.tagName)).toBe("TEXTAREA");
    await page.getByLabel("Name").fill("fallback-monitor");
    await page.getByLabel("critical threshold").fill("5");
    await box.fill("sum by (region) (rate(checkout_http_requests_total[5m]))");
    await page.getByRole("img", { name: "Chart: Monitor query" }).waitFor();
    await page.getByRole("button", { name: "Create monitor" }).click();
    await page.waitForURL((u) => /^\/monitors\/mon_/.test(u.pathname));
    await ctx.close();
  });

  it("fits a 390 px phone with the editor", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, "/monitors/new");
    // The CodeMirror editor itself, not the plain textarea shown (with the same label) while its chunk loads.
    const editor = page.getByRole("textbox", { name: "Query (PromQL)" }).and(page.locator(".cm-content"));
    await editor.waitFor();
    await editor.tap();
    // Playwright's fill (what other suites use on this form) reaches the editor through its label.
    await page.getByLabel("Query (PromQL)").and(page.locator(".cm-content")).fill(RATIO);
    expect((await editor.innerText()).trim()).toBe(RATIO);
    await page.getByRole("img", { name: "Chart: Monitor query" }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    const box = (await editor.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await shot(page, "monitor-editor-promql-phone");
    await ctx.close();
  });
});

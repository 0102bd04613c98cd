// Issue 19 in real Chromium at 1440x900 and 390x844, points 1, 2, 3, 7 and 9: the service page's figures come
// from the services' metrics; pinned time (from an alert or its DDx) is marked and stays out of menu pages; the
// pinned scope sets the dashboard's variables and a contradicting panel names the conflict; the alert states its
// condition with units; stat panels colour by threshold with a sparkline and the change against the period before.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutTrace, randomHex, toOtlpJson } from "../integration/traces-fixtures";
import { postJson } from "./data";
import { DEPLOY, getJson, seedStory, until, type Seeded } from "./story-data";

let vigil: RunningVigil;
let browser: Browser;
let seeded: Seeded;
let alertId = "";
const SCOPE = "scope=environment%3Dproduction&scope=region%3Dus-east-1";

beforeAll(async () => {
  vigil = await startVigil({ port: 19130, inspectorPort: 19131 });
  seeded = await seedStory(vigil);
  alertId = await until(async () => {
    const { alerts } = await getJson<{ alerts: { id: string; signalLabels: Record<string, string> }[] }>(
      vigil,
      "/api/alerts?state=firing",
    );
    return alerts.find((a) => a.signalLabels.region === "us-east-1")?.id;
  });
  // A canary sampled at 10 % (tracestate th) and no request metrics there: its span figures are weighted.
  const canary = [];
  for (let i = 0; i < 6; i++)
    canary.push(
      ...checkoutTrace({
        traceId: randomHex(16),
        startMs: seeded.now - 20 * 60_000 + i * 60_000,
        failing: false,
        environment: "canary",
      }),
    );
  await postJson(vigil, "/v1/traces", toOtlpJson(canary.map((s) => ({ ...s, traceState: "ot=th:e6666666666666" }))));
  // A dashboard with a panel pinned to the other region: under region=us-east-1 it must not show a number.
  await postJson(vigil, "/api/dashboards", {
    model: {
      title: "West only",
      variables: [],
      panels: [
        {
          id: "west",
          type: "stat",
          title: "West errors",
          datasource: "metrics",
          queries: [
            { refId: "A", expr: 'sum(rate(checkout_http_requests_total{region="us-west-2",status=~"5.."}[5m]))' },
          ],
          gridPos: { x: 0, y: 0, w: 12, h: 4 },
        },
      ],
    },
  });
  browser = await launchBrowser();
}, 300_000);
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

const num = (s: string | null) => Number((s ?? "").replace(/[^\d.]/g, ""));

describe.each([
  { size: "desktop", viewport: DESKTOP },
  { size: "phone", viewport: PHONE },
])("issue 19 figures ($size)", ({ size, viewport }) => {
  const open = async (path: string): Promise<Page> => {
    const { page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, path);
    return page;
  };

  it("1. the service page's figures come from metrics and match them; without metrics it says spans, weighted or not", async () => {
    const from = seeded.deployAt + 4 * 60_000;
    const page = await open(
      `/services/payment-gateway?from=${from}&to=${seeded.now}&scope=environment%3Dproduction&compare=prev`,
    );
    await page
      .getByLabel("Where the figures come from")
      .getByText(/From metrics: OpenTelemetry HTTP server metrics/)
      .waitFor();
    const req = num(await page.getByRole("group", { name: "Requests/min" }).locator("div").nth(1).textContent());
    const err = num(await page.getByRole("group", { name: "Errors/min" }).locator("div").nth(1).textContent());
    const p99 = (await page.getByRole("group", { name: "p99 latency" }).locator("div").nth(1).textContent()) ?? "";
    // 620 a region in both regions; 282 errors a minute in us-east-1; the failures at ~4.1 s set the p99.
    expect(req).toBeGreaterThan(1240 * 0.95);
    expect(req).toBeLessThan(1240 * 1.05);
    expect(err).toBeGreaterThan(286 * 0.95);
    expect(err).toBeLessThan(286 * 1.05);
    expect(p99).toMatch(/^4\.\d+s$/);
    await page.getByRole("link", { name: "Open in explorer" }).first().waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, `story-01-service-${size}`);
    // Without request metrics the page says its figures come from spans, and whether they are weighted: six 10 %
    // spans of inventory-service in the canary's hour are ~1 request a minute, not 0.1.
    const source = page.getByLabel("Where the figures come from");
    await page.goto(`${vigil.url}/services/inventory-service?scope=environment%3Dcanary`);
    await source.getByText(/^From spans weighted by their sampling probability \(tracestate th\)/).waitFor();
    const weighted = num(await page.getByRole("group", { name: "Requests/min" }).locator("div").nth(1).textContent());
    expect(weighted).toBeGreaterThan(0.5);
    expect(weighted).toBeLessThan(2);
    await page.goto(`${vigil.url}/services/inventory-service?scope=environment%3Dproduction`);
    await source.getByText(/^From sampled spans, not weighted/).waitFor();
    await page.context().close();
  });

  it("2. a view opened from an alert or its DDx shows pinned time, goes back to now, and stays out of menu pages", async () => {
    const page = await open(`/alerts/${alertId}`);
    await page.getByRole("toolbar", { name: "Alert actions" }).getByRole("link", { name: "Open in explorer" }).click();
    await page.waitForURL(/\/explorer\?/);
    await page.getByText("Pinned time").waitFor();
    expect(new URL(page.url()).searchParams.get("from")).toMatch(/^\d{13}$/);
    await shot(page, `story-02-pinned-${size}`);
    // The menu opens pages on a moving range, not the alert's.
    if (size === "phone")
      await page.getByRole("navigation", { name: "Quick" }).getByRole("link", { name: "Home" }).click();
    else await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Changes" }).click();
    await page.waitForURL((u) => u.pathname === (size === "phone" ? "/" : "/changes"));
    expect(new URL(page.url()).searchParams.get("from") ?? "now-1h").not.toMatch(/^\d/);
    expect(await page.getByText("Pinned time").count()).toBe(0);
    // Back to now: same length, relative.
    await page.goBack();
    await page.getByRole("button", { name: "Back to now" }).click();
    await page.waitForURL((u) => /^now-\d+[mhd]$/.test(u.searchParams.get("from") ?? "now-1h"));
    expect(await page.getByText("Pinned time").count()).toBe(0);
    // The same from the alert's DDx: pinned there, and the menu's next page moves with time again.
    await page.goto(`${vigil.url}/alerts/${alertId}`);
    await page.getByRole("toolbar", { name: "Alert actions" }).getByRole("link", { name: "DDx" }).click();
    await page.waitForURL(/\/ddx\?/);
    await page.getByText("Pinned time").waitFor();
    expect(new URL(page.url()).searchParams.get("from")).toMatch(/^\d{13}$/);
    const [nav, item, path] =
      size === "phone" ? ["Quick", "Services", "/services"] : ["Main", "Dashboards", "/dashboards"];
    await page.getByRole("navigation", { name: nav }).getByRole("link", { name: item, exact: true }).click();
    await page.waitForURL((u) => u.pathname === path);
    expect(new URL(page.url()).searchParams.get("from") ?? "now-1h").not.toMatch(/^\d/);
    expect(await page.getByText("Pinned time").count()).toBe(0);
    await page.context().close();
  });

  it("3. the pinned scope sets the dashboard's variables, and a contradicting panel names the conflict", async () => {
    const page = await open(`/dashboards?${SCOPE}`);
    await page
      .getByRole("list", { name: "Dashboards" })
      .getByRole("link", { name: "Commerce Checkout Dashboard" })
      .click();
    const region = page.getByRole("combobox", { name: "Region" });
    await region.waitFor();
    expect(await region.isDisabled()).toBe(true);
    expect(await region.inputValue()).toBe("us-east-1");
    // The error rate is us-east-1's (~7 %), not both regions' (~3.5 %).
    const rate = page.getByLabel("Checkout error rate (5xx) value");
    await expect.poll(async () => num(await rate.textContent()), { timeout: 60_000 }).toBeGreaterThan(5);
    await shot(page, `story-03-scope-${size}`);
    // A dashboard chart's deploy marker answers hover (tap on the phone) with its card, as every chart's does.
    const panel = page.getByRole("article", { name: "Request rate by endpoint" });
    const spot = panel.getByRole("button", { name: `Marker: ${DEPLOY}` }).first();
    await spot.waitFor();
    if (size === "phone") await spot.tap();
    else await spot.hover();
    const card = panel.getByRole("dialog", { name: `Event: ${DEPLOY}` });
    await card.waitFor();
    for (const want of ["ArgoCD", "deploy-bot", "us-east-1"]) expect(await card.textContent()).toContain(want);
    expect(await card.getByRole("link", { name: "Open in Changes" }).getAttribute("href")).toMatch(/^\/changes\?id=/);
    await page.goto(`${vigil.url}/dashboards?${SCOPE}`);
    await page.getByRole("list", { name: "Dashboards" }).getByRole("link", { name: "West only" }).click();
    const conflict = page.getByRole("alert", { name: "Scope conflict" });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain(
      'region="us-west-2" in the query, but the pinned scope says region="us-east-1"',
    );
    expect(await page.getByLabel("West errors value").count()).toBe(0);
    await page.context().close();
  });

  it("7. the alert page states its condition in words and units", async () => {
    const page = await open(`/alerts/${alertId}`);
    const cond = page.getByLabel("Condition");
    await cond.waitFor();
    expect(await cond.textContent()).toBe("critical when the value is > 5 % for 3 m");
    const fig = page.getByRole("figure", { name: /value vs threshold/ });
    await fig.getByRole("img").waitFor();
    expect(await fig.locator("figcaption").textContent()).toContain("unit: %");
    expect(await fig.locator("figcaption").textContent()).toContain("critical when > 5 % for 3 m");
    await shot(page, `story-07-alert-${size}`);
    await page.context().close();
  });

  it("9. stat panels colour by threshold with a sparkline and the change; legends stay inside their panels", async () => {
    const page = await open(`/dashboards?${SCOPE}&from=now-30m`);
    await page
      .getByRole("list", { name: "Dashboards" })
      .getByRole("link", { name: "Commerce Checkout Dashboard" })
      .click();
    const stat = page.getByLabel("Checkout error rate (5xx) value");
    await expect.poll(async () => stat.getAttribute("data-threshold"), { timeout: 60_000 }).toBe("var(--crit)");
    expect(await stat.evaluate((e) => getComputedStyle(e).color)).not.toBe(
      await page
        .getByRole("heading", { name: "Commerce Checkout Dashboard" })
        .evaluate((e) => getComputedStyle(e).color),
    );
    await page.getByRole("img", { name: "Checkout error rate (5xx) over the range" }).waitFor();
    expect(await page.getByLabel("Checkout error rate (5xx) change").textContent()).toMatch(
      /vs .* the 30 minutes before · ×\d+/,
    );
    // Five endpoint series: the legend table scrolls inside its panel instead of spilling under it.
    const panel = page.getByRole("article", { name: "Request rate by endpoint" });
    const legend = panel.getByRole("region", { name: "Legend" });
    await legend.getByRole("row").nth(2).waitFor();
    // A compact table: name, last, max.
    expect(await legend.getByRole("columnheader").allTextContents()).toEqual(["Series", "Last", "Max"]);
    const cells = await legend.getByRole("row").nth(1).getByRole("cell").allTextContents();
    expect(cells).toHaveLength(3);
    for (const c of cells.slice(1)) expect(c).toMatch(/\d/);
    const [lb, pb] = await Promise.all([legend.boundingBox(), panel.boundingBox()]);
    expect(lb!.y + lb!.height).toBeLessThanOrEqual(pb!.y + pb!.height + 1);
    expect(await legend.evaluate((e) => e.scrollHeight >= e.clientHeight)).toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, `story-09-panels-${size}`);

    // One palette, its rules the same in both themes and on the wall: series keep their colours when the theme
    // changes, a critical stat takes the theme's --crit, and the wall's tiles take the dark palette's.
    const swatches = () =>
      legend.locator(".legend-swatch").evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    const colourOf = (cssVar: string, inside = "body") =>
      page.evaluate(
        ([v, where]) => {
          const probe = document.createElement("span");
          probe.style.color = `var(${v})`;
          document.querySelector(where)!.append(probe);
          const c = getComputedStyle(probe).color;
          probe.remove();
          return c;
        },
        [cssVar, inside] as const,
      );
    const look = async () => ({
      theme: await page.evaluate(() => document.documentElement.dataset.theme ?? "dark"),
      swatches: await swatches(),
      stat: await stat.evaluate((e) => getComputedStyle(e).color),
      crit: await colourOf("--crit"),
    });
    const first = await look();
    await page.getByRole("button", { name: /^Switch to (dark|light) theme$/ }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? "dark"))
      .not.toBe(first.theme);
    const second = await look();
    expect(second.swatches).toEqual(first.swatches);
    expect(first.swatches.length).toBeGreaterThanOrEqual(5);
    for (const l of [first, second]) expect(l.stat).toBe(l.crit);
    expect(second.crit).not.toBe(first.crit);
    const dark = first.theme === "dark" ? first : second;
    await shot(page, `story-09-panels-${second.theme}-${size}`);

    await page.goto(`${vigil.url}/wall`);
    const tile = page.locator(".wall-tile.tile-critical, .wall-tile.tile-warning").first();
    await tile.waitFor({ timeout: 60_000 });
    const severity = (await tile.getAttribute("class"))!.includes("tile-critical") ? "--crit" : "--warn";
    expect(await tile.evaluate((e) => getComputedStyle(e).borderLeftColor)).toBe(await colourOf(severity, ".wall"));
    expect(await colourOf("--crit", ".wall")).toBe(dark.crit);
    await page.context().close();
  });
});

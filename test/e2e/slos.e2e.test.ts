// SLOs in real Chromium, at desktop and phone size: create one through the form (a ratio SLI per region), land
// on its page with the error budget, burn rates per window and group, the burndown chart, and the burn-rate
// monitors it generated, each linking to its monitor.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutSeries, remoteWrite } from "./data";

let vigil: RunningVigil;
let browser: Browser;

beforeAll(async () => {
  vigil = await startVigil({ port: 19120, inspectorPort: 19121 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe.each([
  { name: "desktop", viewport: DESKTOP },
  { name: "phone", viewport: PHONE },
])("SLOs ($name)", ({ name, viewport }) => {
  it("creates an SLO in the form and shows its budget, burn rates and generated monitors", async () => {
    const { ctx, page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, "/slos/new");
    const title = `Checkout availability 99.5 % (${name})`;
    await page.getByLabel("Name", { exact: true }).fill(title);
    await page.getByLabel("Bad events (counter selector)").fill('checkout_http_requests_total{status=~"5.."}');
    await page.getByLabel("All events (counter selector)").fill("checkout_http_requests_total");
    await page.getByLabel("Group by (optional)").fill("region");
    await page.getByLabel("Objective (%)").fill("99.5");
    // A mistake first: the server names the field, and nothing is saved.
    await page.getByLabel("Policy 1 burn rate").fill("-1");
    await page.getByRole("button", { name: "Create SLO" }).click();
    await page.getByRole("alert").filter({ hasText: "The SLO was not saved" }).waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/burnRate/);
    await page.getByLabel("Policy 1 burn rate").fill("14.4");
    await page.getByRole("button", { name: "Create SLO" }).click();
    await page.waitForURL(/\/slos\/slo_/);
    await page.getByRole("heading", { name: title }).waitFor();
    const budget = page.locator(".kpi").filter({ hasText: "Error budget remaining" });
    await budget.locator(".value").filter({ hasText: /%/ }).waitFor();
    // us-east-1's errors (6.8 % for 20 minutes) put it first among the groups, burning faster than us-west-2.
    const rows = page.getByRole("table", { name: "Burn rates" }).locator("tbody tr");
    await rows.nth(2).waitFor();
    expect(await rows.nth(1).textContent()).toContain("region=us-east-1");
    expect(await rows.nth(2).textContent()).toContain("region=us-west-2");
    await page.getByRole("figure", { name: "Error budget burndown" }).waitFor();
    const alerts = page.getByRole("list", { name: "Burn-rate alerts" }).getByRole("listitem");
    expect(await alerts.count()).toBe(3);
    expect(await alerts.first().textContent()).toMatch(/fast burn.*critical: burn rate above 14\.4 over 1h and 5m/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, `slo-page-${name}`);
    // The generated monitor links back to its SLO.
    await alerts.first().getByRole("link", { name: "fast burn" }).click();
    await page.waitForURL(/\/monitors\/mon_/);
    const list = await fetch(`${vigil.url}/api/slos`, { headers: { authorization: `Bearer ${vigil.token}` } });
    const slo = ((await list.json()) as { slos: { id: string; name: string }[] }).slos.find((s) => s.name === title)!;
    expect(slo).toBeDefined();
    // The list shows it with its budget.
    await page.goto(`${vigil.url}/slos`);
    await page.getByRole("list", { name: "SLOs" }).getByRole("link", { name: title }).waitFor();
    await page
      .getByRole("list", { name: "SLOs" })
      .getByText(/budget -?\d/)
      .first()
      .waitFor();
    await shot(page, `slo-list-${name}`);
    await ctx.close();
  }, 240_000);
});

// Offline reading of the installable app (issue 16): what a phone read last (the alert list, an alert, a
// notebook) is readable again without a network, with an "As of hh:mm, offline" line; back online the page reads
// again and the live feed comes back; signing out forgets it all.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RestartableVigil, startVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutMonitor, checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RestartableVigil;
let browser: Browser;

beforeAll(async () => {
  vigil = await startVigil({ port: 19096 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

async function api(p: string): Promise<any> {
  const res = await fetch(`${vigil.url}${p}`, { headers: { authorization: `Bearer ${vigil.token}` } });
  expect(res.status).toBe(200);
  return res.json();
}

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The API paths the service worker has kept for offline reading. */
const cachedPaths = (page: Page) =>
  page.evaluate(async () => (await (await caches.open("vigil-api")).keys()).map((r) => new URL(r.url).pathname).sort());

const banner = (page: Page) => page.locator(".offline-banner");

describe("offline reading", () => {
  it("shows the last alert list, alert and notebook offline with 'As of hh:mm, offline', and reads again when back online", async () => {
    await postJson(vigil, "/api/monitors", checkoutMonitor());
    const alert = await until("a firing alert", async () => (await api("/api/alerts")).alerts?.[0]);
    const notebook = (await postJson(vigil, "/api/notebooks", {
      title: "Checkout outage notes",
      cells: [{ type: "markdown", source: "Payments 5xx in **us-east-1** since the deploy." }],
    })) as { id: string };

    const { ctx, page } = await newPage(browser, PHONE);
    page.on("console", (m) => console.log(`[console ${m.type()}] ${m.text()}`));
    await signIn(page, vigil.url, vigil.token, "/alerts");
    // Reads before the worker controls the page go straight to the network: wait for it, then read it all again.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
    await page.reload();
    const row = page.locator(`a[href="/alerts/${alert.id}"]`).first();
    await row.waitFor();
    await row.click();
    await page.getByRole("heading", { level: 1, name: alert.monitorName }).waitFor();
    await page.goto(`${vigil.url}/notebooks/${notebook.id}`);
    await page.getByRole("heading", { name: "Checkout outage notes" }).waitFor();
    await page.goto(`${vigil.url}/alerts`);
    await row.waitFor();
    const kept = ["/api/alerts", `/api/alerts/${alert.id}`, "/api/me", `/api/notebooks/${notebook.id}`];
    await until("the offline cache", async () => {
      const paths = await cachedPaths(page);
      return kept.every((p) => paths.includes(p));
    });
    await expect.poll(() => banner(page).textContent()).toBe("");

    // No network: a reload is answered by the precached shell and the kept reads.
    await ctx.setOffline(true);
    const listAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/alerts");
    await page.reload();
    // Answered by the worker's cache (stamped when stored), not by a server the phone cannot reach.
    expect((await listAnswer).headers()["x-vigil-cached-at"]).toMatch(/^\d+$/);
    await page.getByRole("heading", { level: 1, name: "Alerts" }).waitFor();
    await row.waitFor();
    await expect.poll(() => banner(page).textContent()).toMatch(/^As of \d{2}:\d{2}, offline$/);
    expect(await banner(page).getAttribute("role")).toBe("status");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "offline-alerts-phone");

    // The alert viewed before is readable, and so is the notebook (a fresh page load, from the shell).
    await row.click();
    await page.getByRole("heading", { level: 1, name: alert.monitorName }).waitFor();
    await expect.poll(() => banner(page).textContent()).toMatch(/^As of \d{2}:\d{2}, offline$/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.goto(`${vigil.url}/notebooks/${notebook.id}`);
    await page.getByRole("heading", { name: "Checkout outage notes" }).waitFor();
    await page.getByText("Payments 5xx in").waitFor();

    // Meanwhile someone acknowledges the alert: the phone cannot know yet.
    await page.goto(`${vigil.url}/alerts`);
    await row.waitFor();
    await postJson(vigil, `/api/alerts/${alert.id}/acknowledge`, { comment: "on it" });
    const ackBadge = page.locator(`li:has(a[href="/alerts/${alert.id}"]) [data-testid="ack-badge"]`);
    expect(await ackBadge.count()).toBe(0);

    // Back online: the banner goes, the list is read again (the acknowledgement shows) and the feed is live.
    await ctx.setOffline(false);
    // The event a phone's browser fires when its network comes back. Chromium in the test's network namespace
    // (loopback only) thinks it never has a network, so it never fires it by itself.
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect.poll(() => banner(page).textContent()).toBe("");
    await ackBadge.first().waitFor();
    await page.getByRole("status", { name: "Live updates: live" }).waitFor();
    // Live again: an unacknowledgement made now reaches the list through the feed, with no reload.
    await postJson(vigil, `/api/alerts/${alert.id}/acknowledge`, undefined, "DELETE");
    await expect.poll(() => ackBadge.count(), { timeout: 60_000 }).toBe(0);

    // Signing out forgets what was kept (keyed by URL, not by person): the next person on this phone reads none of it.
    await page.setViewportSize(DESKTOP); // the phone's topbar has no room for the button
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/signin");
    await expect.poll(() => cachedPaths(page)).toEqual([]);
    await ctx.close();
  }, 480_000);
});

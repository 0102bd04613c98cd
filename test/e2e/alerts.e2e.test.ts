import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RestartableVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutMonitor, checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RestartableVigil;
let browser: Browser;
const LONG = { timeout: 120_000 };

beforeAll(async () => {
  vigil = await startVigil({ port: 18607 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe("alerts, live", () => {
  it("the wall shows a firing alert without reload, the phone mutes it with a preview, and both see it resolve live", async () => {
    const wall = await newPage(browser, DESKTOP);
    await signIn(wall.page, vigil.url, vigil.token, "/wall");
    await wall.page.getByText("No alerts firing").waitFor();
    await wall.page.getByRole("status", { name: "Live updates: live" }).waitFor();
    await wall.page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    const monitor = (await postJson(vigil, "/api/monitors", checkoutMonitor())) as { id: string };
    const tile = wall.page
      .getByRole("list", { name: "Firing alerts" })
      .getByRole("listitem")
      .filter({ hasText: "checkout-error-budget-burn" });
    await tile.waitFor(LONG);
    expect(await tile.textContent()).toContain("region=us-east-1");
    expect(await wall.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // same document: no reload
    await shot(wall.page, "wall-firing-desktop");

    // Phone: from the alert list to the details, mute with a preview, comment.
    const phone = await newPage(browser, PHONE);
    await signIn(phone.page, vigil.url, vigil.token, "/alerts");
    await phone.page.getByRole("link", { name: "checkout-error-budget-burn" }).click();
    await phone.page.getByRole("heading", { name: "checkout-error-budget-burn" }).waitFor();
    await phone.page.getByRole("img", { name: /Chart: checkout-error-budget-burn/ }).waitFor();
    expect(
      await phone.page
        .getByRole("region", { name: "Annotations" })
        .getByRole("link", { name: /runbooks.example/ })
        .count(),
    ).toBe(1);
    expect(await hasHorizontalScroll(phone.page)).toBe(false);
    await shot(phone.page, "alert-details-phone");
    await phone.page.getByRole("button", { name: "Mute" }).click();
    const dialog = phone.page.getByRole("dialog", { name: "Mute alerts" });
    await dialog.getByText("Would silence 1 current alert").waitFor();
    expect(await dialog.getByRole("region", { name: "Mute preview" }).textContent()).toContain("region=us-east-1");
    await shot(phone.page, "mute-preview-phone");
    await dialog.getByLabel("Comment").fill("Rolling back checkout-service");
    await dialog.getByRole("button", { name: "Save muting rule" }).click();
    await dialog.waitFor({ state: "detached" });
    await phone.page.getByLabel("Add a comment").fill("@Payments v3.41.0 calls a staging-only host");
    await phone.page.getByRole("button", { name: "Comment", exact: true }).click();
    await phone.page.getByRole("region", { name: "Comments" }).getByText("v3.41.0 calls a staging-only host").waitFor();
    // The muted state arrives through the feed on the next check.
    await phone.page.getByText("MUTED", { exact: true }).first().waitFor(LONG);

    // "Rollback": the error ratio no longer crosses a raised threshold; both screens see the resolution live.
    await postJson(vigil, `/api/monitors/${monitor.id}`, checkoutMonitor(50), "PUT");
    await phone.page.getByLabel("Alert state").getByText("resolved").waitFor(LONG);
    await wall.page.getByText("No alerts firing").waitFor(LONG);
    expect(await wall.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await shot(wall.page, "wall-clear-desktop");

    await phone.page.getByLabel("What fixed it?").fill("Rolled back to v3.40.2");
    await phone.page.getByRole("button", { name: "Save resolution note" }).click();
    await phone.page.getByRole("region", { name: "Resolution note" }).getByText("Rolled back to v3.40.2 —").waitFor();
    await shot(phone.page, "alert-resolved-phone");
    await phone.ctx.close();
    await wall.ctx.close();
  });

  it("home lists the alert, muting rules list shows the rule and expires it (desktop)", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/");
    await page
      .getByRole("list", { name: "Triggered alerts" })
      .getByRole("link", { name: "checkout-error-budget-burn" })
      .waitFor();
    await page.getByRole("region", { name: "Recent comments" }).getByText("staging-only host").waitFor();
    await shot(page, "home-desktop");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Muting rules" }).click();
    const rules = page.getByRole("list", { name: "Muting rules" });
    await rules.getByText("Rolling back checkout-service").waitFor();
    await rules.getByRole("button", { name: "Expire now" }).click();
    await page.getByText("No active muting rules").waitFor();
    await ctx.close();
  });

  it("the wall recovers by itself when Vigil restarts, and shows what fires afterwards without a reload", async () => {
    const wall = await newPage(browser, DESKTOP);
    const chartQ = "sum by (region) (rate(checkout_http_requests_total[5m]))";
    await signIn(wall.page, vigil.url, vigil.token, `/wall?chart=${encodeURIComponent(chartQ)}`);
    await wall.page.getByRole("status", { name: "Live updates: live" }).waitFor(LONG);
    // A chosen chart draws real data; a second one is added from the wall itself and kept in the URL.
    await wall.page.getByRole("img", { name: `Chart: ${chartQ}` }).waitFor(LONG);
    expect(await wall.page.locator(".chart-legend").first().textContent()).toContain("us-east-1");
    await wall.page.getByText("Charts on this wall").click();
    await wall.page.getByLabel("PromQL for a new wall chart").fill("wall_probe_queue_depth");
    await wall.page.getByRole("button", { name: "Add chart" }).click();
    await wall.page.waitForURL((u) => u.searchParams.getAll("chart").length === 2);
    await wall.page.getByText("No data in the last hour for wall_probe_queue_depth").waitFor();
    await wall.page.evaluate(() => ((window as unknown as { marker: number }).marker = 43));
    // The server goes away (a deploy, a crash): the wall says so while it is gone.
    await vigil.restart(() =>
      wall.page.getByRole("status", { name: /Live updates: (offline|connecting)/ }).waitFor(LONG),
    );
    await wall.page.getByRole("status", { name: "Live updates: live" }).waitFor(LONG);
    await shot(wall.page, "wall-reconnected-desktop");

    const now = Date.now();
    const samples = Array.from({ length: 9 }, (_, i) => ({ t: now - (8 - i) * 15_000, v: 12 }));
    await remoteWrite(vigil, [{ labels: { __name__: "wall_probe_queue_depth", region: "eu-west-1" }, samples }]);
    await postJson(vigil, "/api/monitors", {
      name: "wall-probe-after-restart",
      query: "max by (region) (wall_probe_queue_depth)",
      intervalSeconds: 15,
      conditions: [{ severity: "critical", operator: ">", threshold: 5, sustain: 0 }],
      signals: { mode: "labels", keys: ["region"] },
    });
    const tile = wall.page
      .getByRole("list", { name: "Firing alerts" })
      .getByRole("listitem")
      .filter({ hasText: "wall-probe-after-restart" });
    await tile.waitFor(LONG);
    expect(await tile.textContent()).toContain("region=eu-west-1");
    // The chart refreshes on its own timer and picks up the probe written after the restart.
    await wall.page.getByRole("img", { name: "Chart: wall_probe_queue_depth" }).waitFor(LONG);
    expect(await wall.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(43); // same document
    await shot(wall.page, "wall-after-restart-desktop");
    await wall.ctx.close();
  });
});

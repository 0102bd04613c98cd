// A monitor that cannot evaluate is as loud as one that fires (issue 17 §5): in real Chromium, a monitor whose
// query fails at every check shows its error in the monitor list (listed first) and on its page, its own
// "monitor broken" alert reaches a local PagerDuty stand-in, and the alert page and the wall show it.
import { createServer, type Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, launchBrowser, newPage, shot, shotIfFailed, signIn } from "./browser";
import { postJson } from "./data";

const PORT = 19070;
const RECEIVER = 19072;
const LONG = { timeout: 120_000 };
/** Parses, but fails at evaluation (many-to-many matching): no data needed. */
const FAILING = 'vector(1) + on() group_left() (vector(1) or label_replace(vector(2), "a", "b", "", ""))';

let vigil: RunningVigil;
let browser: Browser;
let receiver: Server;
const received: { body: any }[] = [];
let broken: { id: string };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      received.push({ body: JSON.parse(body || "null") });
      res.writeHead(202, { "content-type": "application/json" }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((r) => receiver.listen(RECEIVER, "127.0.0.1", r));
  vigil = await startVigil({ port: PORT, inspectorPort: PORT + 1 });
  browser = await launchBrowser();
  // The objects are made once, here: the test may be retried (vitest retry: 1), and a second POST of the same
  // monitor name would answer 409 instead of testing anything.
  const channel = (await postJson(vigil, "/api/notification-channels", {
    kind: "pagerduty",
    name: "Payments on-call",
    config: { routingKey: "HEALTHE2E", eventsUrl: `http://127.0.0.1:${RECEIVER}/v2/enqueue` },
  })) as { id: string };
  const base = { intervalSeconds: 15, conditions: [{ severity: "critical", operator: ">", threshold: 1 }] };
  await postJson(vigil, "/api/monitors", { ...base, name: "aaa-healthy-monitor", query: "vector(0)" });
  broken = (await postJson(vigil, "/api/monitors", {
    ...base,
    name: "checkout-broken-query",
    query: FAILING,
    channels: [channel.id],
  })) as { id: string };
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
  await new Promise((r) => receiver?.close(r));
});

describe("monitor health", () => {
  // The 600 s below is hang protection only (each wait has its own bound): three 15 s checks must run first, and
  // on a loaded 2-core machine every reload of the app can take many seconds.
  it("a failing monitor shows its error in the list and on its page; its broken-monitor alert pages", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/monitors");
    const list = page.getByRole("list", { name: "Monitors" });
    const row = list.getByRole("listitem").filter({ hasText: "checkout-broken-query" });
    // The first check runs at creation: reload until the list shows its outcome (the list is not live). Each
    // reload gets up to 3 s to fetch and draw the list: a count() taken right after the load event can read the
    // page before its data arrives (one CI attempt failed here with the badge on screen in its failure shot).
    const errorBadge = row.getByRole("status", { name: "Health: Error" });
    const shown = () =>
      errorBadge.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      );
    for (let i = 0; !(await shown()); i++) {
      if (i > 40) throw new Error("the broken monitor never showed Health: Error in the list");
      await page.reload();
    }
    await row.getByText(/many-to-many matching not allowed/).waitFor();
    // Broken first, before the healthy one that sorts earlier by name.
    expect(await list.getByRole("listitem").first().textContent()).toContain("checkout-broken-query");
    await shot(page, "monitor-list-broken-desktop");

    await row.getByRole("link", { name: "checkout-broken-query" }).click();
    const health = page.getByRole("region", { name: "Monitor health" });
    await health.getByRole("status", { name: "Health: Error" }).waitFor(LONG);
    expect(await health.textContent()).toMatch(/many-to-many matching not allowed/);
    expect(await health.textContent()).toMatch(/Last check/);
    expect(await health.textContent()).toMatch(/Evaluation time/);
    await shot(page, "monitor-page-broken-desktop");

    // After three failed checks in a row its own alert goes to its channel.
    for (let i = 0; !received.some((r) => r.body?.event_action === "trigger"); i++) {
      if (i > 120) throw new Error("no broken-monitor page reached the receiver");
      await page.waitForTimeout(1000);
    }
    const trigger = received.find((r) => r.body.event_action === "trigger")!;
    expect(trigger.body.routing_key).toBe("HEALTHE2E");
    expect(trigger.body.payload.summary).toMatch(
      /^Monitor broken: checkout-broken-query cannot evaluate: .*many-to-many matching not allowed/,
    );

    // The alert page of the broken-monitor alert shows the monitor's health; the wall shows the tile.
    await page.goto(`${vigil.url}/alerts?state=active`);
    await page.getByRole("link", { name: "checkout-broken-query" }).click();
    const alertHealth = page.getByRole("region", { name: "Monitor health" });
    await alertHealth.getByRole("status", { name: "Health: Error" }).waitFor(LONG);
    await shot(page, "alert-monitor-broken-desktop");
    await page.goto(`${vigil.url}/wall`);
    const tile = page
      .getByRole("list", { name: "Firing alerts" })
      .getByRole("listitem")
      .filter({ hasText: "checkout-broken-query" });
    await tile.waitFor(LONG);
    expect(await tile.textContent()).toMatch(/MONITOR BROKEN/);
    expect(await tile.textContent()).toMatch(/many-to-many/);
    await shot(page, "wall-monitor-broken-desktop");
    expect(broken.id).toBeTruthy();
    await ctx.close();
  }, 600_000);
});

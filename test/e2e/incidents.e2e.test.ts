import { createServer } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RestartableVigil, startVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RestartableVigil;
let browser: Browser;
const LONG = { timeout: 120_000 };

beforeAll(async () => {
  vigil = await startVigil({ port: 19090 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

/** The story's three monitors, labelled like the demo's (team, environment; region from the query), no service. */
function storyMonitors(team: string, suffix: string) {
  const ratio = (by: string) =>
    `sum by (region) (rate(checkout_http_requests_total{status=~"${by}"}[5m])) / sum by (region) (rate(checkout_http_requests_total[5m])) * 100`;
  return [
    ["Checkout error budget burn", ratio("5..")],
    ["Payment gateway errors", ratio("503")],
    ["Order service errors", ratio("5..")],
  ].map(([name, query], i) => ({
    name: `${name}${suffix}`,
    query,
    intervalSeconds: 15,
    conditions: [{ severity: i === 0 ? "critical" : "warning", operator: ">", threshold: 3 + i, sustain: 0 }],
    signals: { mode: "labels", keys: ["region"] },
    labels: { team, environment: "production" },
  }));
}

async function firingOf(team: string): Promise<number> {
  const res = await fetch(`${vigil.url}/api/alerts?state=firing&limit=200`, {
    headers: { authorization: `Bearer ${vigil.token}` },
  });
  const body = (await res.json()) as { alerts: { labels: Record<string, string> }[] };
  return body.alerts.filter((a) => a.labels.team === team).length;
}

async function channelNamed(name: string): Promise<{ id: string; config: Record<string, string> } | undefined> {
  const res = await fetch(`${vigil.url}/api/notification-channels`, {
    headers: { authorization: `Bearer ${vigil.token}` },
  });
  const body = (await res.json()) as { channels: { id: string; name: string; config: Record<string, string> }[] };
  return body.channels.find((c) => c.name === name);
}

async function waitFiring(team: string, n: number) {
  const until = Date.now() + 120_000;
  while ((await firingOf(team)) < n) {
    if (Date.now() > until) throw new Error(`${n} alerts of team ${team} never fired`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function setGroupBy(page: Page, labels: string) {
  const form = page.getByRole("group", { name: "Group firing alerts by labels" });
  await form.locator("summary").click();
  await form.getByLabel(/Label names/).fill(labels);
  await form.getByRole("button", { name: "Save grouping" }).click();
  await form.getByRole("status").filter({ hasText: "Saved" }).waitFor();
  expect(await form.getByTestId("group-by-current").textContent()).toBe("team, environment, region");
}

const SIZES = [
  { size: "desktop", viewport: DESKTOP, team: "payments", suffix: "" },
  { size: "phone", viewport: PHONE, team: "orders", suffix: " (orders)" },
] as const;

describe("incidents", () => {
  for (const { size, viewport, team, suffix } of SIZES) {
    it(`groups firing alerts by the labels set on the page, then resolves the incident with a note (${size})`, async () => {
      for (const m of storyMonitors(team, suffix)) await postJson(vigil, "/api/monitors", m);
      await waitFiring(team, 3);

      const { ctx, page } = await newPage(browser, viewport);
      await signIn(page, vigil.url, vigil.token, "/incidents");
      await page.getByRole("heading", { name: "Incidents" }).waitFor();
      if (size === "desktop") {
        // The default groups by service: these alerts carry none, so no incident yet.
        expect(await page.getByTestId("group-by-current").textContent()).toBe("service");
        await page.getByText("No open incidents").waitFor();
        await shot(page, `incidents-empty-${size}`);
      }
      await setGroupBy(page, "team, environment region");
      await shot(page, `incidents-groupby-${size}`);

      // Titled after the alert that fired first; the three fire within the same second, so any of them may lead.
      const title = new RegExp(
        `^team=${team}, environment=production, region=us-east-1: .+${suffix.replace(/[()]/g, "\\$&")}$`,
      );
      const link = page.getByRole("list", { name: "Incidents" }).getByRole("link", { name: title });
      await link.waitFor(LONG);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await shot(page, `incidents-list-${size}`);

      await link.click();
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      const alerts = page.getByRole("region", { name: "Alerts" });
      for (const name of ["Checkout error budget burn", "Payment gateway errors", "Order service errors"])
        await alerts.getByText(`${name}${suffix}`, { exact: false }).first().waitFor();
      expect(await alerts.locator(":scope > ul > li").count()).toBe(3);
      const timeline = page.getByRole("list", { name: "Timeline" });
      await timeline.getByRole("listitem").first().waitFor();
      expect(await timeline.getByRole("listitem").count()).toBeGreaterThanOrEqual(4); // opened + 3 joined (+ fired)
      expect(await hasHorizontalScroll(page)).toBe(false);
      await shot(page, `incidents-detail-${size}`);

      // Acknowledge the incident: its firing alerts, once, with a comment on the timeline.
      const actions = page.getByRole("region", { name: "Incident actions" });
      await actions.getByLabel(/Acknowledge with a comment/).fill(`On it ${size}`);
      await actions.getByRole("button", { name: /^Acknowledge \d+ firing$/ }).click();
      await actions
        .getByRole("status")
        .filter({ hasText: /^3 alerts acknowledged$/ })
        .waitFor();
      await timeline.getByText(`Incident acknowledged (3 alerts): “On it ${size}”`).waitFor();
      await actions.getByRole("button", { name: "All acknowledged" }).waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await shot(page, `incidents-acknowledged-${size}`);

      const controls = page.getByRole("region", { name: "Update incident" });
      await controls.getByLabel("Note with the status change").fill(`Rolled back ${size}`);
      await controls.getByRole("combobox", { name: /^Status/ }).selectOption("resolved");
      await timeline.getByText(`Rolled back ${size}`, { exact: false }).waitFor();
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      expect(await page.locator("header").getByText("resolved", { exact: true }).count()).toBeGreaterThan(0);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await shot(page, `incidents-resolved-${size}`);

      // Start the postmortem: a notebook with the summary, the timeline and the three alerts.
      await actions.getByRole("button", { name: "Start postmortem" }).click();
      await page.waitForURL(/\/notebooks\/nb_/);
      await page
        .getByText(/^Postmortem: team=/)
        .first()
        .waitFor();
      await page.getByText("Root cause", { exact: true }).first().waitFor();
      await page.getByText(`Incident acknowledged (3 alerts): “On it ${size}”`, { exact: false }).first().waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await shot(page, `incidents-postmortem-${size}`);
      await page.goBack();
      await page.getByRole("link", { name: "Open the postmortem notebook" }).waitFor();

      await page.getByRole("link", { name: "all incidents" }).click();
      await page.getByRole("tab", { name: "resolved" }).click();
      await page.getByRole("list", { name: "Incidents" }).getByRole("link", { name: title }).waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await ctx.close();
    });
  }

  it("shows the deploy to its service on the incident's timeline, linked to the change (desktop)", async () => {
    const monitor = (await postJson(vigil, "/api/monitors", {
      ...storyMonitors("cart", " (cart)")[0],
      labels: { service: "e2e-cart", environment: "production" },
    })) as { id: string };
    const change = (await postJson(vigil, "/api/change-events", {
      title: "Deploy e2e-cart v9 <img src=x onerror=alert(1)>",
      source: "GitHub",
      category: "deploys",
      type: "deploy",
      happenedAt: Date.now() - 5 * 60_000,
      labels: { service: "e2e-cart", environment: "production" },
    })) as { id: string };
    const get = async (path: string) =>
      (await fetch(`${vigil.url}${path}`, { headers: { authorization: `Bearer ${vigil.token}` } })).json() as any;
    const until = Date.now() + 120_000;
    let alert: { id: string } | undefined;
    while (!(alert = (await get(`/api/alerts?monitorId=${monitor.id}&state=firing`)).alerts[0])) {
      if (Date.now() > until) throw new Error("the cart alert never fired");
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Grouped already when the workspace groups by service; else opened by hand.
    const incidentId: string =
      (await get(`/api/alerts/${alert.id}`)).incident?.id ??
      ((await postJson(vigil, "/api/incidents", { alertIds: [alert.id] })) as any).incident.id;

    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, `/incidents/${incidentId}`);
    const timeline = page.getByRole("list", { name: "Timeline" });
    const entry = timeline.locator('li[data-kind="change"]');
    await entry.getByText("“Deploy e2e-cart v9 <img src=x onerror=alert(1)>”").waitFor(LONG);
    expect(await entry.locator("img").count()).toBe(0);
    const link = entry.getByRole("link", { name: "Change" });
    expect(await link.getAttribute("href")).toContain(`/changes?id=${change.id}`);
    await shot(page, "incidents-change-desktop");
    await link.click();
    await page.waitForURL(/\/changes\?/);
    await page.getByText("Deploy e2e-cart v9", { exact: false }).first().waitFor();
    await ctx.close();
  });
  // Kept across a retry: the receiver is made again, and what it heard before still counts.
  const received: { event_action: string; dedup_key: string }[] = [];
  it("pages once per incident on a channel set so in Settings (desktop)", async () => {
    // A local PagerDuty stand-in: what it receives is what a phone would be paged with.
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.writeHead(202, { "content-type": "application/json" }).end('{"status":"success"}');
      });
    });
    await new Promise<void>((r) => receiver.listen(19093, "127.0.0.1", r));
    try {
      const { ctx, page } = await newPage(browser, DESKTOP);
      await signIn(page, vigil.url, vigil.token, "/settings");
      const paging = page.getByRole("region", { name: "Notification channels" });
      const select = paging.getByRole("combobox", { name: "How Billing on-call pages" });
      // Made once, through the form: a retry finds it made, and a second one of the same name would be ambiguous.
      let channel = await channelNamed("Billing on-call");
      if (!channel) {
        const form = paging.getByRole("form", { name: "Add channel" });
        await form.getByLabel("Kind").selectOption("pagerduty");
        await form.getByLabel("Name", { exact: true }).fill("Billing on-call");
        await form.getByLabel(/Routing key/).fill("BILLINGE2E");
        await form.getByLabel(/Events API URL/).fill("http://127.0.0.1:19093/v2/enqueue");
        await form.getByLabel("Pages").selectOption("incident");
        const created = page.waitForResponse(
          (r) => r.url().endsWith("/api/notification-channels") && r.request().method() === "POST",
        );
        await form.getByRole("button", { name: "Add channel" }).click();
        expect((await created).status()).toBe(201);
        await select.waitFor();
        expect(await select.inputValue()).toBe("incident");
        channel = await channelNamed("Billing on-call");
      }
      expect(channel, "the form made no channel").toBeTruthy();
      // The routing key is listed by its last 4 characters, never in full.
      const row = paging.getByRole("listitem").filter({ hasText: "Billing on-call" });
      await row.getByText("routing key …GE2E").waitFor();
      expect(await paging.textContent()).not.toContain("BILLINGE2E");
      if ((await select.inputValue()) === "alert") {
        // Saved, not only chosen: a reload reads it back from the server.
        const saved = page.waitForResponse(
          (r) => r.url().includes(`/api/notification-channels/${channel!.id}`) && r.request().method() === "PATCH",
        );
        await select.selectOption("incident");
        expect((await saved).status()).toBe(200);
      }
      await page.reload();
      await paging.getByRole("combobox", { name: "How Billing on-call pages" }).waitFor();
      expect(await paging.getByRole("combobox", { name: "How Billing on-call pages" }).inputValue()).toBe("incident");
      await shot(page, "settings-channel-per-incident-desktop");

      // Three related alerts (the workspace groups by team, environment and region since the first test).
      if ((await firingOf("billing")) === 0)
        for (const m of storyMonitors("billing", " (billing)"))
          await postJson(vigil, "/api/monitors", { ...m, channels: [channel!.id] });
      await waitFiring("billing", 3);
      const incidents = (await (
        await fetch(`${vigil.url}/api/incidents?status=open`, { headers: { authorization: `Bearer ${vigil.token}` } })
      ).json()) as { incidents: { id: string; title: string }[] };
      const incident = incidents.incidents.find((i) => i.title.startsWith("team=billing"));
      expect(incident, JSON.stringify(incidents)).toBeTruthy();

      // The two alerts that joined say on the incident's timeline that they paged no one.
      await page.goto(`${vigil.url}/incidents/${incident!.id}`);
      const timeline = page.getByRole("list", { name: "Timeline" });
      const grouped = timeline.getByText(/no new page on channel Billing on-call/);
      for (let i = 0; (await grouped.count()) < 2; i++) {
        if (i > 60) throw new Error(`${await grouped.count()} grouped-page entries on the timeline, not 2`);
        await page.waitForTimeout(2000);
        await page.reload();
      }
      await shot(page, "incidents-grouped-page-desktop");
      // One page in all, under the incident's key.
      const triggers = received.filter((e) => e.event_action === "trigger");
      expect(triggers.map((e) => e.dedup_key)).toEqual([incident!.id]);

      // Deleting it would silence those monitors: the confirm step names them and offers no delete, Cancel keeps it.
      await page.goto(`${vigil.url}/settings`);
      await row.getByRole("button", { name: "Delete Billing on-call" }).click();
      const confirm = row.getByRole("group", { name: "Confirm deleting Billing on-call" });
      await confirm
        .getByText(/Used by monitors .*Payment gateway errors \(billing\).*: remove it from them first/)
        .waitFor();
      expect(await confirm.getByRole("button", { name: "Delete channel" }).count()).toBe(0);
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await confirm.waitFor({ state: "detached" });
      expect(await channelNamed("Billing on-call")).toBeTruthy();
      await ctx.close();
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });

  it("Add channel keeps what was typed on a bad webhook URL, and deletes a channel after a confirm (desktop)", async () => {
    const name = `E2E hook ${Date.now() % 1_000_000}`; // a retry makes its own
    const { ctx, page } = await newPage(browser, DESKTOP);
    await signIn(page, vigil.url, vigil.token, "/settings");
    const section = page.getByRole("region", { name: "Notification channels" });
    const form = section.getByRole("form", { name: "Add channel" });
    await form.getByLabel("Kind").selectOption("alertmanager");
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Webhook URL").fill("receiver.local/alerts");
    await form.getByLabel("Pages").selectOption("incident");
    await form.getByRole("button", { name: "Add channel" }).click();
    await form.getByText(/must be an http\(s\) URL/).waitFor();
    expect(await form.getByLabel("Webhook URL").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Name", { exact: true }).inputValue()).toBe(name);
    expect(await form.getByLabel("Webhook URL").inputValue()).toBe("receiver.local/alerts");
    expect(await form.getByLabel("Pages").inputValue()).toBe("incident");
    await shot(page, "settings-channel-bad-url-desktop");

    await form.getByLabel("Webhook URL").fill("http://127.0.0.1:19094/alerts/secret-tail");
    await form.getByRole("button", { name: "Add channel" }).click();
    const row = section.getByRole("listitem").filter({ hasText: name });
    await row.getByText("webhook …tail").waitFor();
    expect(await section.textContent()).not.toContain("secret-tail");

    await row.getByRole("button", { name: `Delete ${name}` }).click();
    const confirm = row.getByRole("group", { name: `Confirm deleting ${name}` });
    await confirm.getByText("No monitor uses it.").waitFor();
    await shot(page, "settings-channel-delete-confirm-desktop");
    await confirm.getByRole("button", { name: "Delete channel" }).click();
    await row.waitFor({ state: "detached" });
    expect(await channelNamed(name)).toBeUndefined();
    await ctx.close();
  });

  it("Settings' channels fit a phone (phone)", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await signIn(page, vigil.url, vigil.token, "/settings");
    const form = page.getByRole("form", { name: "Add channel" });
    await form.getByLabel("Kind").selectOption("slack");
    await form.getByRole("button", { name: "Add channel" }).click();
    await form.getByText(/must be an http\(s\) URL/).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "settings-channels-phone");
    await ctx.close();
  });
});

// Issue 19 in real Chromium at 1440x900 and 390x844, points 4, 5, 6, 8 and 10: a monitor comment's @team reaches
// the team's Slack channel (a local stand-in) and its people, an @person reaches that person, and Home's feed names
// it; markers answer hover and tap with a card (a deploy, a rollback with its reason, an alert's band), deploys,
// rollbacks and alerts differ in colour, and the chips put changes first and one per alert; the Changes page is live
// and shows every field; split and filter work on a ratio, from legend entries and from DDx rows; the completion
// list closes on Run, phone log lines wrap, trace DDx points downstream.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { startPagerReceiver } from "../../scripts/demo/pager-receiver.mjs";
import { postJson } from "./data";
import { DEPLOY, DNS_LOG, getJson, seedStory, until } from "./story-data";

let vigil: RunningVigil;
let browser: Browser;
let slack: Awaited<ReturnType<typeof startPagerReceiver>>;
let monitorId = "";
let deployAt = 0;
const RATIO =
  'sum by (environment) (rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum by (environment) (rate(checkout_http_requests_total[5m])) * 100';

beforeAll(async () => {
  vigil = await startVigil({ port: 19080, inspectorPort: 19081 });
  ({ monitorId, deployAt } = await seedStory(vigil));
  // The Payments team (one other member) hears @payments in its Slack channel, here a stand-in on loopback.
  slack = await startPagerReceiver({ port: 19082 });
  const channel = (await postJson(vigil, "/api/notification-channels", {
    kind: "slack",
    name: "#payments-incidents",
    config: { webhookUrl: slack.slackUrl },
  })) as { id: string };
  const team = (await postJson(vigil, "/api/teams", { name: "Payments" })) as { id: string };
  await postJson(vigil, "/api/tokens", { name: "priya", scopes: ["read"], userId: "priya" });
  await postJson(vigil, `/api/teams/${team.id}/members`, { user: "priya", role: "responder" });
  await postJson(vigil, `/api/teams/${team.id}/channels`, { channelIds: [channel.id] }, "PUT");
  // The alert's transitions are change events too: the charts then hold a deploy and an alert.
  await until(async () => {
    const { events } = await getJson<{ events: unknown[] }>(vigil, "/api/change-events?category=alerts");
    return events.length > 0;
  });
  browser = await launchBrowser();
}, 300_000);
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await slack?.close();
  await vigil?.stop();
});

describe.each([
  { size: "desktop", viewport: DESKTOP, touch: false },
  { size: "phone", viewport: PHONE, touch: true },
])("issue 19 interactions ($size)", ({ size, viewport, touch }) => {
  const open = async (path: string): Promise<Page> => {
    const { page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, path);
    return page;
  };

  it("4. a comment on the monitor: @payments reaches the team's Slack channel and people; Home's feed names it", async () => {
    const page = await open(`/monitors/${monitorId}`);
    const thread = page.getByRole("region", { name: "Comments on the monitor" });
    const text = `@payments v3.41.0 calls a staging-only host (${size})`;
    await thread.getByLabel("Comment on the monitor").fill(text);
    await thread.getByRole("button", { name: "Comment on the monitor" }).click();
    await thread.getByText(`v3.41.0 calls a staging-only host (${size})`).waitFor();
    const status = thread.getByRole("status");
    await status.waitFor();
    expect(await status.textContent()).toBe("Notified 1 person · #payments-incidents (slack): sent.");
    // The stand-in got exactly this comment, naming the team and the monitor, with a link back to it.
    const got = slack.received.filter((r) => r.kind === "slack" && JSON.stringify(r.body).includes(`(${size})`));
    expect(got).toHaveLength(1);
    const body = got[0].body as { text: string };
    expect(body.text).toMatch(/mentioned @payments on monitor Checkout error budget burn$/);
    expect(JSON.stringify(got[0].body)).toContain(`/monitors/${monitorId}|Open in Vigil`);
    await shot(page, `story-04-comment-${size}`);
    // A person, not a team: @priya reaches her alone, and no team channel.
    await thread.getByLabel("Comment on the monitor").fill(`@priya please look at the staging host [${size}]`);
    await thread.getByRole("button", { name: "Comment on the monitor" }).click();
    await thread.getByText(`please look at the staging host [${size}]`).waitFor();
    await expect.poll(() => status.textContent()).toBe("Notified 1 person.");
    await page.goto(`${vigil.url}/`);
    const item = page
      .getByRole("list", { name: "Comment feed" })
      .getByRole("listitem")
      .filter({ hasText: `(${size})` });
    await item.waitFor();
    expect(await item.getByRole("link", { name: "Checkout error budget burn" }).getAttribute("href")).toBe(
      `/monitors/${monitorId}`,
    );
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.context().close();
  });

  it("5. markers: hover or tap opens a card; deploys, rollbacks and alerts differ; changes come before alerts", async () => {
    // A rollback of checkout-service with its reason, apart from the deploy (and from the other size's rollback).
    const rollback = `Rollback: checkout-service v3.40.2 (marker ${size})`;
    const reason = `DNS misconfiguration in v3.41.0 (${size})`;
    await postJson(vigil, "/api/change-events", {
      title: rollback,
      source: "ArgoCD",
      category: "deploys",
      type: "rollback",
      happenedAt: deployAt + (touch ? 12 : 6) * 60_000,
      labels: { author: "ana", region: "us-east-1", service: "checkout-service", reason },
    });
    const page = await open(`/services/checkout-service?from=now-1h`);
    const fig = page.getByRole("figure", { name: "Requests per second · checkout-service" });
    const openCard = async (marker: string, title = marker) => {
      const spot = fig.getByRole("button", { name: `Marker: ${marker}` }).first();
      await spot.waitFor();
      if (touch) await spot.tap();
      else await spot.hover();
      const card = fig.getByRole("dialog", { name: `Event: ${title}` });
      await card.waitFor();
      return card;
    };
    const card = await openCard(DEPLOY);
    const text = (await card.textContent()) ?? "";
    for (const want of ["ArgoCD", "deploy-bot", "us-east-1"]) expect(text).toContain(want);
    expect(await card.getByRole("link", { name: "Open in Changes" }).getAttribute("href")).toMatch(/^\/changes\?id=/);
    await shot(page, `story-05-marker-${size}`);
    // Leave the deploy's card (hover) or close it (tap) so it covers nothing.
    if (touch) await card.getByRole("button", { name: "Close event card" }).tap();
    else await page.mouse.move(0, 0);
    await card.waitFor({ state: "detached" });
    // The rollback's card: title, source, author, region, reason and a link.
    const back = await openCard(rollback);
    const fields = (await back.textContent()) ?? "";
    for (const want of ["ArgoCD", "ana", "us-east-1", reason]) expect(fields).toContain(want);
    expect(await back.getByRole("link", { name: "Open in Changes" }).getAttribute("href")).toMatch(/^\/changes\?id=/);
    const colourOf = async (kind: string) =>
      fig
        .getByRole("list", { name: "Events on this chart" })
        .locator(`button[data-kind="${kind}"]`)
        .first()
        .evaluate((e) => getComputedStyle(e).borderColor);
    const deployColour = await colourOf("deploy");
    const rollbackColour = await colourOf("rollback");
    // On the alert page: the deploy chip first, then one chip per alert (its transitions grouped as one band).
    const { alerts } = await getJson<{ alerts: { id: string }[] }>(vigil, "/api/alerts?state=firing");
    await page.goto(`${vigil.url}/alerts/${alerts[0].id}`);
    const alertFig = page.getByRole("figure", { name: /value vs threshold/ });
    const chips = alertFig.getByRole("list", { name: "Events on this chart" }).getByRole("button");
    await chips.first().waitFor();
    const kinds = await chips.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(kinds[0]).toBe("deploy");
    expect(kinds.lastIndexOf("deploy")).toBeLessThan(kinds.indexOf("alert"));
    expect(kinds.slice(kinds.indexOf("alert")).every((k) => k === "alert")).toBe(true);
    const alertChips = alertFig
      .getByRole("list", { name: "Events on this chart" })
      .locator('button[data-kind="alert"]');
    const alertLabels = await alertChips.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(alertLabels).toContain("Checkout error budget burn");
    expect(new Set(alertLabels).size).toBe(alertLabels.length);
    for (const t of await alertChips.allTextContents()) expect(t).toMatch(/ · \d+ events?$/);
    // Deploys, rollbacks and alerts in three colours.
    const alertColour = await alertChips.first().evaluate((e) => getComputedStyle(e).borderColor);
    expect(new Set([deployColour, rollbackColour, alertColour]).size).toBe(3);
    // The alert's band answers hover and tap with its card too.
    const band = alertFig.getByRole("button", { name: "Marker: Checkout error budget burn" }).first();
    await band.waitFor();
    if (touch) await band.tap();
    else await band.hover();
    const alertCard = alertFig.getByRole("dialog", { name: "Event: Checkout error budget burn" });
    await alertCard.waitFor();
    const alertText = (await alertCard.textContent()) ?? "";
    for (const want of ["Vigil alerting", "us-east-1"]) expect(alertText).toContain(want);
    await shot(page, `story-05-alert-marker-${size}`);
    await page.context().close();
  });

  it("6. the Changes page is live and shows every field of a change, the rollback's reason too", async () => {
    const page = await open("/changes");
    await page.getByRole("status", { name: "Live updates: live" }).waitFor();
    const reason = `v3.41.0 DNS misconfiguration causing 503s (${size})`;
    await postJson(vigil, "/api/change-events", {
      title: `Rollback: checkout-service v3.40.2 (${size})`,
      source: "ArgoCD",
      category: "deploys",
      type: "rollback",
      labels: { author: "ana", region: "us-east-1", reason, version: "v3.40.2" },
      payload: { revision: "3b7d2f0" },
    });
    const card = page.getByRole("listitem", { name: new RegExp(`^Rollback: checkout-service v3.40.2 \\(${size}\\)`) });
    await card.waitFor();
    expect(await card.getByLabel("Reason").textContent()).toContain(reason);
    const fields = (await card.textContent()) ?? "";
    for (const want of ["ArgoCD", "rollback", "deploys", "ana", "v3.40.2", "us-east-1"]) expect(fields).toContain(want);
    await card.getByText("Payload").click();
    await card.getByText("3b7d2f0").waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, `story-06-changes-${size}`);
    await page.context().close();
  });

  it("8. split a ratio by pushing by into both sides; filter by a legend entry; DDx rows filter and exclude", async () => {
    const page = await open(`/explorer?q=${encodeURIComponent(RATIO)}`);
    await page.getByRole("img", { name: /Chart: 1 series/ }).waitFor();
    await page.getByRole("combobox", { name: "Split by label" }).selectOption("region");
    await page.waitForURL((u) => (u.searchParams.get("q") ?? "").includes("environment, region) (rate"));
    const q = new URL(page.url()).searchParams.get("q")!;
    expect(q.match(/by \(environment, region\)/g)).toHaveLength(2);
    await page.getByRole("img", { name: /Chart: 2 series/ }).waitFor();
    // A legend entry's "exclude this": region!="us-west-2" on both sides, one series left.
    const split = page.url();
    await page.getByRole("button", { name: /^Exclude .*region=us-west-2/ }).click();
    await page.waitForURL((u) => (u.searchParams.get("q") ?? "").includes('region!="us-west-2"'));
    expect(new URL(page.url()).searchParams.get("q")!.match(/region!="us-west-2"/g)).toHaveLength(2);
    await page.getByRole("img", { name: /Chart: 1 series/ }).waitFor();
    await page.goto(split);
    await page.getByRole("img", { name: /Chart: 2 series/ }).waitFor();
    await page.getByRole("button", { name: /^Filter by .*region=us-east-1/ }).click();
    await page.waitForURL((u) => (u.searchParams.get("q") ?? "").includes('region="us-east-1"'));
    expect(new URL(page.url()).searchParams.get("q")!.match(/region="us-east-1"/g)).toHaveLength(2);
    await page.getByRole("img", { name: /Chart: 1 series/ }).waitFor();
    await shot(page, `story-08-split-${size}`);
    // DDx on the 5xx counter: every row offers both.
    await page.goto(
      `${vigil.url}/ddx?q=${encodeURIComponent('checkout_http_requests_total{status=~"5.."}')}&from=now-20m`,
    );
    const row = page.getByRole("list", { name: "Ranked differences" }).getByRole("listitem").first();
    await row.waitFor({ timeout: 120_000 });
    const exclude = row.getByRole("link", { name: "Exclude this" });
    expect(await row.getByRole("link", { name: "Filter by this" }).getAttribute("href")).toMatch(
      /^\/explorer\?q=.*%3D%22/,
    );
    expect(decodeURIComponent((await exclude.getAttribute("href")) ?? "")).toMatch(/!="/);
    await page.context().close();
  });

  it("10. completion closes on Run; log lines wrap; trace DDx offers the downstream service", async () => {
    const page = await open("/explorer");
    const editor = page.getByRole("textbox", { name: "PromQL query" });
    await editor.click();
    await page.keyboard.type("checkout_http_req");
    const list = page.locator(".cm-tooltip-autocomplete");
    await list.waitFor();
    await page.getByRole("button", { name: "Run query" }).click();
    await list.waitFor({ state: "detached" });
    // And on navigation: open again, then leave through the app's own menu; nothing floats over the next page.
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("checkout_http_req");
    await list.waitFor();
    await page.getByRole("link", { name: "Services", exact: true }).first().click();
    await page.waitForURL(/\/services(\?|$)/);
    await list.waitFor({ state: "detached" });
    expect(await page.locator(".cm-tooltip").count()).toBe(0);
    await page.goto(`${vigil.url}/logs?service=checkout-service&severity=error`);
    const line = page
      .getByRole("listbox", { name: /Log lines/ })
      .getByRole("option")
      .first();
    await line.waitFor();
    const body = line.locator(".body");
    expect(await body.textContent()).toBe(DNS_LOG);
    if (touch) {
      // The whole message shows: nothing cut, however narrow.
      expect(
        await body.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1),
      ).toBe(true);
      await shot(page, `story-10-logs-${size}`);
    }
    await page.goto(`${vigil.url}/ddx?kind=traces&service=checkout-service&from=now-20m`);
    const hint = page.getByRole("note", { name: "Where the errors come from" });
    await hint.waitFor({ timeout: 120_000 });
    await hint.getByRole("link", { name: "Trace DDx on payment-gateway" }).click();
    await page.waitForURL((u) => u.searchParams.get("service") === "payment-gateway");
    await page.getByRole("list", { name: "Ranked attributes" }).waitFor({ timeout: 120_000 });
    await shot(page, `story-10-trace-ddx-${size}`);
    await page.context().close();
  });
});

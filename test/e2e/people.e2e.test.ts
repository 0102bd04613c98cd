// Issue 20 in real Chromium at 1440x900 and 390x844: times in the person's zone (their profile over the browser's,
// UTC when they choose it, a wall URL's zone over both; times on screen follow a change at once), an @-mention
// reaching the mentioned person's live feed as inert text, Home's comment feed hearing a comment live, and the
// monitor list's team filter. People sign in through one-time links, as sessions.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed } from "./browser";
import { checkoutMonitor, postJson } from "./data";

let vigil: RunningVigil;
let browser: Browser;
const monitors = { payments: "", search: "" };
const PAYMENTS = "Payments checkout errors";
const SEARCH = "Search query latency";
/** The browser's own zone: never the profile's, so a time in the profile's zone proves the profile won. */
const BROWSER_ZONE = "America/New_York";

beforeAll(async () => {
  vigil = await startVigil({ port: 19110 });
  // Two teams, each owning a monitor; ana is on Payments only. ben is on no team.
  for (const name of ["Payments", "Search"]) await postJson(vigil, "/api/teams", { name });
  for (const user of ["ana", "ben"])
    await postJson(vigil, "/api/tokens", { name: user, scopes: ["read"], userId: user });
  await postJson(vigil, "/api/teams/payments/members", { user: "ana", role: "editor" });
  const make = async (name: string, team: string) =>
    (
      (await postJson(vigil, "/api/monitors", { ...checkoutMonitor(), name, team, intervalSeconds: 60 })) as {
        id: string;
      }
    ).id;
  monitors.payments = await make(PAYMENTS, "Payments");
  monitors.search = await make(SEARCH, "Search");
  browser = await launchBrowser();
}, 300_000);
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

/** "2026-12-06 21:04" for `ms` in `zone`, as the app writes a time without seconds. */
function wallTime(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(ms);
  const p = (t: string) => parts.find((x) => x.type === t)!.value;
  return `${p("year")}-${p("month")}-${p("day")} ${p("hour")}:${p("minute")}`;
}

describe.each([
  { size: "desktop", viewport: DESKTOP },
  { size: "phone", viewport: PHONE },
])("people and teams ($size)", ({ size, viewport }) => {
  /** A fresh browser (in BROWSER_ZONE) signed in as `user` through a one-time link, on `path`. */
  const openAs = async (user: string, scopes: string[], path: string): Promise<Page> => {
    const { page } = await newPage(browser, viewport, { timezoneId: BROWSER_ZONE });
    const { url } = (await postJson(vigil, "/api/signin-links", { scopes, userId: user })) as { url: string };
    const link = url
      .replace(/^https?:\/\/[^/]+/, vigil.url)
      .replace("/signin#", `/signin?next=${encodeURIComponent(path)}#`);
    await page.goto(link);
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    return page;
  };

  it("times: the profile's zone over the browser's, UTC when chosen, and a URL's zone over both", async () => {
    // Its own text on each attempt (a retry posts again): the instant whose rendering is checked.
    const body = `Zone check (${size} ${Date.now().toString(36)})`;
    const comment = (await postJson(vigil, `/api/monitors/${monitors.payments}/comments`, { body })) as {
      createdAt: number;
    };
    const at = comment.createdAt;
    const page = await openAs("ana", ["write"], "/settings");
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(BROWSER_ZONE);
    const profile = page.getByRole("form", { name: "Profile" });
    const save = async () => {
      await profile.getByRole("button", { name: "Save profile" }).click();
      await profile.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    };
    // Times already on screen follow the zone the moment it is saved, without a reload: the page's list of
    // sessions says when this browser signed in, and it moves from one zone to the next in place.
    const { sessions } = (await page.evaluate(async () => (await fetch("/api/auth/sessions")).json())) as {
      sessions: { current: boolean; createdAt: number }[];
    };
    const signedInAt = sessions.find((x) => x.current)!.createdAt;
    const sinceShown = (time: string) =>
      page
        .getByRole("region", { name: "Sessions" })
        .locator("span", { hasText: "(this browser)" })
        .filter({ hasText: `since ${time} ·` })
        .waitFor();
    const markDocument = () => page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const sameDocument = () => page.evaluate(() => (window as unknown as { __sameDocument?: true }).__sameDocument);
    await markDocument();
    await profile.getByLabel("Time zone").fill("America/Los_Angeles");
    await profile.getByLabel("Show every time in UTC").setChecked(false);
    await save();
    await sinceShown(wallTime(signedInAt, "America/Los_Angeles"));
    expect(wallTime(signedInAt, "Asia/Tokyo")).not.toBe(wallTime(signedInAt, "America/Los_Angeles"));
    await profile.getByLabel("Time zone").fill("Asia/Tokyo");
    await save();
    await sinceShown(wallTime(signedInAt, "Asia/Tokyo"));
    expect(await sameDocument()).toBe(true);
    await shot(page, `people-settings-${size}`);

    const stamp = async (path: string) => {
      await page.goto(`${vigil.url}${path}`);
      // The line above the comment's body: "author · time".
      const line = page
        .getByRole("region", { name: "Comments on the monitor" })
        .locator(".md", { hasText: body })
        .locator("xpath=preceding-sibling::div[1]");
      await line.waitFor();
      // "Admin · 2026-12-07 05:08": the time after the author.
      return ((await line.textContent()) ?? "").split(" · ").pop();
    };
    // Tokyo, not New York (the browser) nor UTC.
    expect(wallTime(at, "Asia/Tokyo")).not.toBe(wallTime(at, BROWSER_ZONE));
    expect(await stamp(`/monitors/${monitors.payments}`)).toBe(wallTime(at, "Asia/Tokyo"));
    await shot(page, `people-time-tokyo-${size}`);
    // A URL's zone wins over the profile's.
    expect(await stamp(`/monitors/${monitors.payments}?tz=Australia/Sydney`)).toBe(wallTime(at, "Australia/Sydney"));

    // UTC chosen in the profile: every time in UTC, marked so; the one on screen turns at once.
    await page.goto(`${vigil.url}/settings`);
    await sinceShown(wallTime(signedInAt, "Asia/Tokyo"));
    await markDocument();
    await profile.getByLabel("Show every time in UTC").setChecked(true);
    await save();
    await sinceShown(`${wallTime(signedInAt, "UTC")} UTC`);
    expect(await sameDocument()).toBe(true);
    expect(await stamp(`/monitors/${monitors.payments}`)).toBe(`${wallTime(at, "UTC")} UTC`);
    await shot(page, `people-time-utc-${size}`);

    // A wall screen's URL names its zone: its clock shows that zone's time even for a person who chose UTC.
    await page.goto(`${vigil.url}/wall?tz=Asia/Kolkata`);
    const clock = page.locator(".wall-clock");
    await clock.waitFor();
    const shown = (await clock.textContent()) ?? "";
    const now = Date.now();
    const near = [-60_000, 0, 60_000].map((d) => wallTime(now + d, "Asia/Kolkata").slice(11));
    expect(near).toContain(shown);
    await shot(page, `people-wall-kolkata-${size}`);

    // Back to the profile's zone, for the next run.
    await page.goto(`${vigil.url}/settings`);
    await profile.getByLabel("Show every time in UTC").setChecked(false);
    await save();
    await page.context().close();
  });

  it("an @-mention reaches the mentioned person's live feed, as inert text", async () => {
    const ben = await openAs("ben", ["read"], "/");
    await ben.getByRole("status", { name: "Live updates: live" }).waitFor();
    // Home's "Recent comments" hears of a comment another person posts through the API, live: no reload.
    const recent = ben.getByRole("region", { name: "Recent comments" });
    await recent.waitFor();
    await ben.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const said = `Home hears this live (${size} ${Date.now().toString(36)})`;
    expect(await recent.locator(".md", { hasText: said }).count()).toBe(0);
    await postJson(vigil, `/api/monitors/${monitors.payments}/comments`, { body: said });
    const heard = recent.getByRole("listitem").filter({ has: ben.locator(".md", { hasText: said }) });
    await heard.waitFor();
    expect(await heard.textContent()).toContain(`Admin on monitor ${PAYMENTS}`);
    expect(await ben.evaluate(() => (window as unknown as { __sameDocument?: true }).__sameDocument)).toBe(true);
    const ana = await openAs("ana", ["write"], `/monitors/${monitors.payments}`);
    const thread = ana.getByRole("region", { name: "Comments on the monitor" });
    const hostile = `<img src=x onerror="window.__pwned=1">`;
    const text = `@ben the retry storm is back ${hostile} (${size})`;
    await thread.getByLabel("Comment on the monitor").fill(text);
    await thread.getByRole("button", { name: "Comment on the monitor" }).click();
    await thread.getByRole("status").filter({ hasText: "Notified 1 person" }).waitFor();

    // ben's page, never reloaded, hears of it.
    const bell = ben.getByRole("button", { name: "Mentions (1 new)" });
    await bell.waitFor();
    await bell.click();
    const feed = ben.getByRole("region", { name: "Your mentions" });
    const item = feed.getByRole("link").filter({ hasText: `(${size})` });
    await item.waitFor();
    expect(await item.textContent()).toContain(`ana mentioned you on monitor ${PAYMENTS}`);
    expect(await item.textContent()).toContain(`@ben the retry storm is back ${hostile} (${size})`);
    expect(await item.getAttribute("href")).toBe(`/monitors/${monitors.payments}`);
    // The markup stayed text: no image, no handler ran.
    expect(await feed.locator("img").count()).toBe(0);
    // The whole panel is on screen, at both sizes.
    const box = (await feed.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(await ben.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await ana.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await hasHorizontalScroll(ben)).toBe(false);
    await shot(ben, `people-mention-${size}`);
    await ana.context().close();
    await ben.context().close();
  });

  it("the monitor list filters by my teams and by a team, in the URL", async () => {
    const page = await openAs("ana", ["write"], "/monitors");
    const list = page.getByRole("list", { name: "Monitors" });
    const names = () => list.getByRole("listitem").locator("strong").allTextContents();
    const showing = async (want: string[]) => {
      await expect.poll(async () => (await names()).sort(), { timeout: 60_000 }).toEqual(want);
    };
    await showing([PAYMENTS, SEARCH]);
    const team = page.getByRole("combobox", { name: /^Team\b/ });
    await team.selectOption("mine");
    await page.waitForURL((u) => u.searchParams.get("team") === "mine");
    await showing([PAYMENTS]);
    expect(await list.getByRole("listitem").textContent()).toContain("Team: Payments");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, `people-my-teams-${size}`);
    // The filter lives in the URL: a reload keeps it.
    await page.reload();
    await showing([PAYMENTS]);
    expect(await team.inputValue()).toBe("mine");
    // Another team by name; then all again.
    await team.selectOption("search");
    await page.waitForURL((u) => u.searchParams.get("team") === "search");
    await showing([SEARCH]);
    await team.selectOption("");
    await page.waitForURL((u) => !u.searchParams.has("team"));
    await showing([PAYMENTS, SEARCH]);
    await page.context().close();
  });
});

// The installable app (issue 16): manifest and icons, the service worker on localhost, and a push page delivered
// through the DevTools protocol, shown with Acknowledge, whose action acknowledges the alert as the person paged.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RestartableVigil, repoRoot, startVigil } from "../compat/harness";
import { hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutMonitor, checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RestartableVigil;
let browser: Browser;
const PHONE_USER = "pwa-phone-owner";

beforeAll(async () => {
  vigil = await startVigil({ port: 19140 });
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

/** What Vigil's push channel puts in a page: the token is minted the way platform/db/push-ack-tokens.ts does (only
 * its hash stored), planted in D1 since no API hands one out and no push service is reachable from here. */
function plantAckToken(alertId: string): string {
  const token = `vpa_${randomBytes(24).toString("base64url")}`;
  const hash = createHash("sha256").update(token).digest("hex");
  const now = Date.now();
  const sql = `INSERT INTO push_ack_tokens (hash, user_id, alert_id, created_at, expires_at) VALUES ('${hash}', '${PHONE_USER}', '${alertId}', ${now}, ${now + 3_600_000})`;
  const r = spawnSync(
    path.join(repoRoot, "node_modules/.bin/wrangler"),
    ["d1", "execute", "vigil", "--local", "--persist-to", vigil.stateDir, "--command", sql],
    { cwd: repoRoot, encoding: "utf8", env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } },
  );
  if (r.status !== 0) throw new Error(`planting the token failed: ${r.stdout}\n${r.stderr}`);
  return token;
}

const notifications = (page: Page) =>
  page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: ((n as unknown as { actions?: { action: string; title: string }[] }).actions ?? []).map((a) => a.title),
    }));
  });

describe("installable app", () => {
  it("links a valid manifest with fetchable icons, activates its service worker, and a push page's Acknowledge acknowledges the alert", async () => {
    await postJson(vigil, "/api/monitors", checkoutMonitor());
    const alert = await until("a firing alert", async () => (await api("/api/alerts")).alerts?.[0]);

    const { ctx, page } = await newPage(browser, PHONE);
    await ctx.grantPermissions(["notifications"], { origin: vigil.url });
    page.on("console", (m) => console.log(`[console ${m.type()}] ${m.text()}`));
    ctx.on("serviceworker", (w) => console.log(`[service worker] ${w.url()}`));
    await signIn(page, vigil.url, vigil.token, "/alerts");
    await page.getByRole("link", { name: "checkout-error-budget-burn" }).first().waitFor();

    // The manifest: linked, served as a manifest, with what Chrome's install criteria and iOS need.
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(href).toBe("/manifest.webmanifest");
    const res = await fetch(`${vigil.url}${href}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/manifest\+json|application\/json/);
    const manifest = (await res.json()) as any;
    expect(manifest).toMatchObject({ name: "Vigil", short_name: "Vigil", display: "standalone", scope: "/" });
    expect(manifest.start_url).toBe("/alerts");
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const sizes = manifest.icons.map((i: any) => `${i.sizes} ${i.purpose}`);
    expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
    for (const icon of manifest.icons) {
      const png = await fetch(`${vigil.url}${icon.src}`);
      expect(png.status).toBe(200);
      expect(png.headers.get("content-type")).toBe("image/png");
      const bytes = Buffer.from(await png.arrayBuffer());
      // PNG IHDR: width and height at bytes 16 and 20 match the size declared.
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const themes = await page
      .locator('meta[name="theme-color"]')
      .evaluateAll((ms) => ms.map((m) => `${m.getAttribute("media")} ${m.getAttribute("content")}`));
    expect(themes).toEqual(["(prefers-color-scheme: dark) #0d1117", "(prefers-color-scheme: light) #ffffff"]);

    // The service worker registers and activates on localhost, controlling the whole origin.
    console.log("[step] manifest ok; waiting for the service worker");
    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const w = reg.active;
      // ready resolves once a worker is active, possibly still "activating" (its activate handler running).
      if (w && w.state !== "activated")
        await new Promise<void>((done) => w.addEventListener("statechange", () => w.state === "activated" && done()));
      return { scope: reg.scope, state: w?.state, script: w?.scriptURL };
    });
    expect(sw).toEqual({ scope: `${vigil.url}/`, state: "activated", script: `${vigil.url}/sw.js` });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "pwa-installed-phone");

    // A push page, delivered the way the browser's push service would hand it to the worker.
    const token = plantAckToken(alert.id);
    console.log("[step] token planted");
    const cdp = await ctx.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
          const reg = e.registrations.find((r) => r.scopeURL === `${vigil.url}/` && !r.isDeleted);
          if (reg) resolve(reg.registrationId);
        },
      );
    });
    await cdp.send("ServiceWorker.enable");
    const tag = `vigil-alert-${alert.id}`;
    const payload = {
      v: 1,
      kind: "trigger",
      tag,
      title: "Critical: checkout-error-budget-burn",
      body: `region=${alert.labels?.region ?? "?"} · value 12.5\nTeam: Payments`,
      url: `${vigil.url}/alerts/${alert.id}`,
      alertId: alert.id,
      monitorId: alert.monitorId,
      severity: "critical",
      signal: "",
      value: 12.5,
      at: Date.now(),
      ack: token,
    };
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: vigil.url,
      registrationId: await registrationId,
      data: JSON.stringify(payload),
    });
    console.log("[step] push delivered");
    const shown = await until("the notification", async () => (await notifications(page)).find((n) => n.tag === tag));
    expect(shown).toMatchObject({ title: payload.title, actions: ["Acknowledge", "Open"] });
    expect(shown.body).toContain("Team: Payments");

    // Acknowledge: the same path a tap on the action takes in the worker.
    await page.evaluate(
      async (t) =>
        (await navigator.serviceWorker.ready).active?.postMessage({
          type: "vigil-notification-action",
          tag: t,
          action: "ack",
        }),
      tag,
    );
    const acked = await until("the acknowledgement", async () => {
      const a = (await api("/api/alerts")).alerts.find((x: any) => x.id === alert.id);
      return a?.ack ? a : null;
    });
    expect(acked.ack.by.id).toBe(PHONE_USER);
    expect(acked.ack.comment).toBe("from a push notification");
    // The page is replaced under the same tag: nothing left to acknowledge.
    const after = await until("the replaced notification", async () =>
      (await notifications(page)).find((n) => n.tag === tag && n.title.startsWith("Acknowledged")),
    );
    expect(after.actions).toEqual(["Open"]);
    // The token was spent: a second tap is refused.
    const again = await fetch(`${vigil.url}/api/push/ack`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, alertId: alert.id }),
    });
    expect(again.status).toBe(401);

    await page.goto(`${vigil.url}/alerts/${alert.id}`);
    await page.getByRole("region", { name: "Acknowledgement" }).getByText("Acknowledged", { exact: true }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "pwa-acknowledged-phone");
    await ctx.close();
  }, 480_000);
});

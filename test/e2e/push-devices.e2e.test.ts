// "Notifications on your devices" on the settings page (issue 16) at 390x844 and 1440x900: a device registered
// through the API is listed (its name inert) and revoked after a confirm; preferences are saved and read back through
// the API; a bad quiet-hours time and a bad time zone are shown beside their fields; "Enable on this device" ends in
// a clear message. Headless Chromium here reaches no push service, so the device itself comes through the API.
import { createECDH, generateKeyPairSync, randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RestartableVigil, startVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { postJson } from "./data";

let vigil: RestartableVigil;
let browser: Browser;

/** VAPID keys as scripts/vapid-keys.mjs makes them, fresh for this run. */
function vapidKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pub = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(pub.x!, "base64url"), Buffer.from(pub.y!, "base64url")]);
  return { VAPID_PUBLIC_KEY: point.toString("base64url"), VAPID_PRIVATE_KEY: privateKey.export({ format: "jwk" }).d! };
}

beforeAll(async () => {
  vigil = await startVigil({ port: 19150, vars: vapidKeys() });
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

/** What `PushSubscription.toJSON()` gives: an https endpoint, a P-256 point and a 16-byte auth secret. */
function subscription(deviceName: string) {
  return {
    endpoint: `https://fcm.googleapis.com/fcm/send/e2e-${randomBytes(12).toString("hex")}`,
    expirationTime: null,
    keys: {
      p256dh: createECDH("prime256v1").generateKeys().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
    },
    deviceName,
  };
}

/** zone: which time zone quiet hours start in, given this browser's. */
async function walkThrough(
  viewport: { width: number; height: number },
  tag: string,
  grant: boolean,
  zoneFirst: (browserZone: string) => string,
) {
  const name = `${tag} phone <b>of</b> Ana`;
  const created = (await postJson(vigil, "/api/me/push-devices", subscription(name))) as { id: string };
  const { ctx, page } = await newPage(browser, viewport);
  if (grant) await ctx.grantPermissions(["notifications"], { origin: vigil.url });
  await signIn(page, vigil.url, vigil.token, "/settings");
  const section = page.getByRole("region", { name: "Notifications on your devices" });
  await section.waitFor();

  // The device the API registered is listed, its name as text (no <b> element made of it), with its push service.
  const item = section.getByRole("listitem", { name });
  await item.waitFor();
  await expect(item.locator(".push-device-name").textContent()).resolves.toBe(name);
  expect(await item.locator("b").count()).toBe(0);
  await expect(item.textContent()).resolves.toContain("via fcm.googleapis.com");
  await expect(item.textContent()).resolves.toContain("No page delivered yet");
  expect(await hasHorizontalScroll(page)).toBe(false);
  await shot(page, `push-devices-${tag}`);

  // Enable on this device: whatever this Chromium does (permission denied, no push service), a message says so, the
  // typed name stays, and nothing is registered.
  const enableForm = section.getByRole("form", { name: "Enable on this device" });
  const nameInput = enableForm.getByLabel("Name of this device");
  expect(await nameInput.inputValue()).toMatch(/ on Linux$/);
  await nameInput.fill(`${tag} laptop`);
  await enableForm.getByRole("button", { name: "Enable on this device" }).click();
  const outcome = enableForm.locator('[role="alert"], [role="status"]');
  await outcome.first().waitFor({ timeout: 90_000 });
  const said = (await outcome.first().textContent()) ?? "";
  console.log(`[enable ${tag}] ${said}`);
  if ((await outcome.first().getAttribute("role")) === "alert") {
    expect(said).toMatch(/blocked|not allowed|push service|service worker|refused/i);
    // Allowed here, so a refusal must not be reported as the person's blocked permission.
    if (grant) expect(said).not.toMatch(/^Notifications are blocked|^Notifications were not allowed/);
    expect((await api("/api/me/push-devices")).devices).toHaveLength(1);
  } else expect(said).toContain(`${tag} laptop`);
  expect(await nameInput.inputValue()).toBe(`${tag} laptop`);
  await enableForm.getByRole("button", { name: "Enable on this device" }).waitFor();
  expect(await hasHorizontalScroll(page)).toBe(false);
  await shot(page, `push-devices-enable-${tag}`);

  // Preferences: a bad time is refused beside its field and nothing is saved.
  const before = await api("/api/me/push-preferences");
  const prefs = section.getByRole("form", { name: "When to page you" });
  await prefs.getByLabel("Warning", { exact: true }).uncheck();
  const quiet = prefs.getByLabel(/^Quiet hours/);
  if (!(await quiet.isChecked())) await quiet.check();
  const zone = prefs.getByLabel("In time zone", { exact: true });
  const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect(await zone.inputValue()).toBe(zoneFirst(browserZone));
  await prefs.getByLabel("From", { exact: true }).fill("25:00");
  await prefs.getByRole("button", { name: "Save preferences" }).click();
  await prefs.getByRole("alert").filter({ hasText: "Start must be a time such as 22:00" }).waitFor();
  expect(await prefs.getByLabel("From", { exact: true }).getAttribute("aria-invalid")).toBe("true");
  expect(await api("/api/me/push-preferences")).toEqual(before);
  expect(await hasHorizontalScroll(page)).toBe(false);
  await shot(page, `push-prefs-bad-time-${tag}`);

  // A zone the server does not know: its validation message shows beside the zone, the preferences stay unsaved.
  await prefs.getByLabel("From", { exact: true }).fill("22:30");
  await prefs.getByLabel("To", { exact: true }).fill("6:45");
  await zone.fill("Mars/Olympus_Mons");
  await prefs.getByRole("button", { name: "Save preferences" }).click();
  await prefs.getByRole("alert").filter({ hasText: "not an IANA time zone" }).waitFor();
  expect(await api("/api/me/push-preferences")).toEqual(before);

  const wanted = tag === "phone" ? "Europe/Berlin" : "America/New_York";
  await zone.fill(wanted);
  await prefs.getByRole("button", { name: "Save preferences" }).click();
  await prefs.getByRole("status").filter({ hasText: "Preferences saved." }).waitFor();
  expect(await prefs.getByRole("alert").count()).toBe(0);
  expect(await prefs.getByLabel("To", { exact: true }).inputValue()).toBe("06:45");
  expect(await api("/api/me/push-preferences")).toEqual({
    severities: ["critical"],
    quietHours: { start: "22:30", end: "06:45" },
  });
  expect((await api("/api/me")).user.timeZone).toBe(wanted);
  await shot(page, `push-prefs-saved-${tag}`);

  // Revoke, after a confirm: gone from the page and from the API.
  page.once("dialog", (d) => void d.accept());
  await item.getByRole("button", { name: `Revoke ${name}` }).click();
  await item.waitFor({ state: "detached" });
  const left = (await api("/api/me/push-devices")).devices.map((d: { id: string }) => d.id);
  expect(left).not.toContain(created.id);
  expect(await hasHorizontalScroll(page)).toBe(false);
  await shot(page, `push-devices-revoked-${tag}`);

  // Reopened, the page shows what was saved.
  await page.reload();
  const again = page.getByRole("form", { name: "When to page you" });
  await again.waitFor();
  expect(await again.getByLabel("Critical", { exact: true }).isChecked()).toBe(true);
  expect(await again.getByLabel("Warning", { exact: true }).isChecked()).toBe(false);
  expect(await again.getByLabel("From", { exact: true }).inputValue()).toBe("22:30");
  expect(await again.getByLabel("To", { exact: true }).inputValue()).toBe("06:45");
  await ctx.close();
}

describe("notifications on your devices", () => {
  it("at 390x844: lists, explains enable, saves preferences with inline errors, revokes", async () => {
    // Nobody chose a zone yet: quiet hours start in this browser's.
    expect((await api("/api/me")).user.timeZoneSource).not.toBe("user");
    await walkThrough(PHONE, "phone", false, (browserZone) => browserZone);
  }, 300_000);

  it("at 1440x900 with notifications allowed: the same, and enable ends in a message", async () => {
    // The zone saved with quiet hours on the phone is the person's choice now, and stays.
    await walkThrough(DESKTOP, "desktop", true, () => "Europe/Berlin");
  }, 300_000);
});

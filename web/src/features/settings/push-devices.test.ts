import { createECDH } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pushPreferencesSchema } from "../../../../core/contracts/push";
import {
  base64UrlToBytes,
  checkPreferences,
  defaultDeviceName,
  explainEnableError,
  formOf,
  pushSupport,
} from "./push-devices";

const UA = {
  iphoneSafari:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  iphoneStandalone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  iphoneChrome:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/122.0.6261.89 Mobile/15E148 Safari/604.1",
  androidChrome:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
  androidFirefox: "Mozilla/5.0 (Android 14; Mobile; rv:123.0) Gecko/123.0 Firefox/123.0",
  samsung:
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  windowsEdge:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66",
  macSafari:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
  linuxFirefox: "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
  headlessLinux:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36",
};

describe("defaultDeviceName", () => {
  it.each([
    [UA.iphoneSafari, "Safari on iPhone"],
    [UA.iphoneStandalone, "Safari on iPhone"],
    [UA.iphoneChrome, "Chrome on iPhone"],
    [UA.androidChrome, "Chrome on Android"],
    [UA.androidFirefox, "Firefox on Android"],
    [UA.samsung, "Samsung Internet on Android"],
    [UA.windowsEdge, "Edge on Windows"],
    [UA.macSafari, "Safari on Mac"],
    [UA.linuxFirefox, "Firefox on Linux"],
    [UA.headlessLinux, "Chrome on Linux"],
  ])("names %s", (ua, name) => expect(defaultDeviceName(ua)).toBe(name));

  it("falls back without inventing a browser", () => {
    expect(defaultDeviceName("")).toBe("This browser");
    expect(defaultDeviceName("curl/8.5.0 (Windows)")).toBe("Browser on Windows");
  });
});

describe("base64UrlToBytes", () => {
  it("decodes a real VAPID public key to the 65-byte uncompressed point", () => {
    const ecdh = createECDH("prime256v1");
    const point = ecdh.generateKeys();
    const bytes = base64UrlToBytes(point.toString("base64url"));
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
    expect(Buffer.from(bytes).equals(point)).toBe(true);
  });

  it("takes - and _ and optional padding, for every length", () => {
    for (let n = 0; n < 40; n++) {
      const raw = Buffer.from(Array.from({ length: n }, (_, i) => (i * 97 + 251) & 0xff));
      const url = raw.toString("base64url");
      expect(Buffer.from(base64UrlToBytes(url)).equals(raw)).toBe(true);
      expect(Buffer.from(base64UrlToBytes(`${url}${"=".repeat((4 - (url.length % 4)) % 4)}`)).equals(raw)).toBe(true);
    }
    expect(Array.from(base64UrlToBytes("-_8="))).toEqual([0xfb, 0xff]);
  });

  it("refuses what is not base64url", () => {
    expect(() => base64UrlToBytes("ab+c")).toThrow();
    expect(() => base64UrlToBytes("a b")).toThrow();
    expect(() => base64UrlToBytes("abcde")).toThrow();
  });
});

describe("checkPreferences", () => {
  const base = { critical: true, warning: false, quiet: true, start: "22:00", end: "07:00" };

  it("builds the PUT body the server's contract accepts", () => {
    const r = checkPreferences(base);
    expect(r).toEqual({ ok: true, value: { severities: ["critical"], quietHours: { start: "22:00", end: "07:00" } } });
    if (r.ok) expect(pushPreferencesSchema.parse(r.value)).toEqual(r.value);
  });

  it("sends no quiet hours when they are off, whatever the time fields say", () => {
    expect(checkPreferences({ ...base, quiet: false, start: "nonsense", warning: true })).toEqual({
      ok: true,
      value: { severities: ["critical", "warning"], quietHours: null },
    });
  });

  it("adds the leading zero a person may leave out", () => {
    const r = checkPreferences({ ...base, start: " 7:30", end: "9:05 " });
    expect(r).toMatchObject({ ok: true, value: { quietHours: { start: "07:30", end: "09:05" } } });
  });

  it.each([
    ["25:00", "07:00", "start"],
    ["22:60", "07:00", "start"],
    ["10pm", "07:00", "start"],
    ["", "07:00", "start"],
    ["22:00", "7", "end"],
    ["22:00", "24:00", "end"],
    ["22:00", "22:00", "end"],
    ["7:00", "07:00", "end"],
  ])("refuses start %j end %j, naming the %s field", (start, end, field) => {
    const r = checkPreferences({ ...base, start, end });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.error).toMatch(field === "start" ? /^Start/ : /^End/);
    }
  });

  it("round-trips through formOf", () => {
    const p = { severities: ["warning" as const], quietHours: { start: "23:15", end: "06:45" } };
    expect(checkPreferences(formOf(p))).toEqual({ ok: true, value: p });
    expect(formOf({ severities: ["critical", "warning"], quietHours: null })).toMatchObject({ quiet: false });
  });
});

describe("pushSupport", () => {
  const env = { hasServiceWorker: true, hasPushManager: true, hasNotification: true, standalone: false };
  it("asks iPhone users to add Vigil to the home screen first", () => {
    expect(pushSupport({ ...env, userAgent: UA.iphoneSafari })).toBe("ios-not-installed");
    // Safari on iOS outside the home screen has no PushManager at all: still the home screen is the answer.
    expect(pushSupport({ ...env, hasPushManager: false, userAgent: UA.iphoneSafari })).toBe("ios-not-installed");
    expect(pushSupport({ ...env, standalone: true, userAgent: UA.iphoneStandalone })).toBe("ok");
  });
  it("says unsupported when a piece is missing elsewhere", () => {
    expect(pushSupport({ ...env, userAgent: UA.androidChrome })).toBe("ok");
    expect(pushSupport({ ...env, hasPushManager: false, userAgent: UA.linuxFirefox })).toBe("unsupported");
    expect(pushSupport({ ...env, hasServiceWorker: false, userAgent: UA.macSafari })).toBe("unsupported");
    expect(pushSupport({ ...env, hasNotification: false, userAgent: UA.windowsEdge })).toBe("unsupported");
  });
});

describe("explainEnableError", () => {
  const dom = (name: string, message: string) => Object.assign(new Error(message), { name });
  it("tells blocked permission apart from an unreachable push service", () => {
    expect(explainEnableError(dom("NotAllowedError", "Registration failed - permission denied"))).toMatch(
      /blocked.*site settings/,
    );
    expect(explainEnableError(dom("AbortError", "Registration failed - push service error"))).toMatch(
      /Could not reach this browser's push service \(Registration failed - push service error\)/,
    );
  });
  it("does not blame the network when the browser refuses push for this site", () => {
    const said = explainEnableError(dom("AbortError", "Registration failed - permission denied"));
    expect(said).toMatch(
      /^This browser refused push notifications for Vigil \(Registration failed - permission denied\)/,
    );
    expect(said).not.toMatch(/push service|connection/);
  });
  it("passes other messages through", () => {
    expect(explainEnableError(new Error("at most 20 push devices per person"))).toBe(
      "at most 20 push devices per person",
    );
  });
});

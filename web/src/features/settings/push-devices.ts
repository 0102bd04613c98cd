// Pure helpers of "Notifications on your devices": no DOM, so they are unit-tested in node.
import type { PushPreferences } from "../../../../core/contracts/push";

/** A name a person recognises the device by, from its user agent: "Chrome on Android", "Safari on iPhone". */
export function defaultDeviceName(ua: string): string {
  const os = /iPhone/.test(ua)
    ? "iPhone"
    : /iPad/.test(ua)
      ? "iPad"
      : /Android/.test(ua)
        ? "Android"
        : /CrOS/.test(ua)
          ? "ChromeOS"
          : /Windows/.test(ua)
            ? "Windows"
            : /Mac OS X|Macintosh/.test(ua)
              ? "Mac"
              : /Linux/.test(ua)
                ? "Linux"
                : null;
  // Order matters: Edge and Opera say Chrome too, Chrome says Safari, iOS browsers are all WebKit.
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\/|FxiOS\//.test(ua)
        ? "Firefox"
        : /SamsungBrowser\//.test(ua)
          ? "Samsung Internet"
          : /Chrome\/|CriOS\//.test(ua)
            ? "Chrome"
            : /Safari\//.test(ua) || /iPhone|iPad/.test(ua)
              ? "Safari"
              : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? (os ? `Browser on ${os}` : "This browser");
}

/** A VAPID public key (base64url, padding optional) as the bytes `pushManager.subscribe` takes. */
export function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const clean = s.trim().replace(/=+$/, "");
  if (!/^[A-Za-z0-9_-]*$/.test(clean) || clean.length % 4 === 1) throw new Error("not base64url");
  const b64 = clean.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (clean.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export interface PreferencesForm {
  critical: boolean;
  warning: boolean;
  quiet: boolean;
  start: string;
  end: string;
}

export type FormCheck = { ok: true; value: PushPreferences } | { ok: false; field: "start" | "end"; error: string };

/** "7:5" is not a time, "7:05" and "07:05" are: a leading zero may be left out. */
function hhmm(s: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, "0")}:${m[2]}`;
}

/** The form as the PUT body, or which field is wrong and why (checked before asking the server). */
export function checkPreferences(f: PreferencesForm): FormCheck {
  const severities = [...(f.critical ? ["critical" as const] : []), ...(f.warning ? ["warning" as const] : [])];
  if (!f.quiet) return { ok: true, value: { severities, quietHours: null } };
  const start = hhmm(f.start);
  if (!start) return { ok: false, field: "start", error: "Start must be a time such as 22:00 (24 h)" };
  const end = hhmm(f.end);
  if (!end) return { ok: false, field: "end", error: "End must be a time such as 07:00 (24 h)" };
  if (start === end) return { ok: false, field: "end", error: "End must differ from start" };
  return { ok: true, value: { severities, quietHours: { start, end } } };
}

export function formOf(p: PushPreferences): PreferencesForm {
  return {
    critical: p.severities.includes("critical"),
    warning: p.severities.includes("warning"),
    quiet: p.quietHours !== null,
    start: p.quietHours?.start ?? "22:00",
    end: p.quietHours?.end ?? "07:00",
  };
}

/** What stands in the way of Web Push here, before anything is asked. */
export type PushSupport = "ok" | "ios-not-installed" | "unsupported";

export function pushSupport(env: {
  userAgent: string;
  hasServiceWorker: boolean;
  hasPushManager: boolean;
  hasNotification: boolean;
  standalone: boolean;
}): PushSupport {
  const ios = /iPhone|iPad|iPod/.test(env.userAgent);
  // iOS and iPadOS (16.4+) offer Web Push only to a web app added to the home screen and opened from there.
  if (ios && !env.standalone) return "ios-not-installed";
  if (!env.hasServiceWorker || !env.hasPushManager || !env.hasNotification) return "unsupported";
  return "ok";
}

/** One sentence for why "Enable on this device" failed, and what to do about it. */
export function explainEnableError(e: unknown): string {
  const name = (e as { name?: string } | null)?.name;
  const msg = e instanceof Error ? e.message : String(e);
  if (name === "NotAllowedError")
    return "Notifications are blocked for Vigil in this browser: allow them in the site settings, then try again.";
  // Chromium's AbortError when the browser itself will not push here (private window, policy, headless).
  if (/permission denied/i.test(msg))
    return `This browser refused push notifications for Vigil (${msg}): allow notifications in the site settings, and use a normal (not private) window.`;
  if (name === "AbortError" || name === "NetworkError" || /push service/i.test(msg))
    return `Could not reach this browser's push service (${msg}). Check the connection and try again.`;
  if (name === "InvalidStateError" || name === "InvalidAccessError")
    return `The browser refused the subscription (${msg}). Reload the page and try again.`;
  return msg || "Enabling notifications failed.";
}

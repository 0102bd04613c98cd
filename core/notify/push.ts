// What a Web Push page says, how urgently the push service should deliver it, and whom it may wake up.
import type { PushPayload, PushPreferences } from "../contracts/push";
import { formatValue } from "./pagerduty";
import type { NotificationContext } from "./types";

/** Push services accept at least 4096 bytes; the encryption library pads to that and leaves 3993 for the JSON. */
export const MAX_PUSH_PAYLOAD = 3900;

const HOUR = 3600;

export interface PushMessagePlan {
  payload: PushPayload;
  /** Seconds the push service keeps it for an offline device: a page that old is no longer news. */
  ttl: number;
  urgency: "high" | "normal" | "low";
}

export function signalOf(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([k]) => !["monitor", "severity", "alertname"].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

export function pushMessage(ctx: NotificationContext): PushMessagePlan {
  const resolved = ctx.kind === "resolve";
  const acked = ctx.kind === "acknowledge" && ctx.ack ? `Acknowledged by @${ctx.ack.by}` : null;
  const status = resolved ? "Resolved" : (acked ?? (ctx.severity === "critical" ? "Critical" : "Warning"));
  const signal = signalOf(ctx.labels);
  const value = ctx.value === null ? "" : `value ${formatValue(ctx.value)}`;
  const summary = ctx.annotations.summary ?? ctx.annotations.description ?? "";
  const owner = ctx.monitor.team ? `Team: ${ctx.monitor.team}` : "";
  const cause = ctx.likelyCause ? `Likely cause: ${ctx.likelyCause.text}` : "";
  const body = [[signal, value].filter(Boolean).join(" · "), cause, summary, owner].filter(Boolean).join("\n");
  const payload: PushPayload = {
    v: 1,
    // An update (the investigation's likely cause) or an acknowledgement is the same page again: it replaces
    // the notification by its tag.
    kind: ctx.kind === "trigger" || ctx.kind === "resolve" ? ctx.kind : "repeat",
    tag: ctx.incident ? `vigil-incident-${ctx.incident.id}` : `vigil-alert-${ctx.alertId}`,
    title: `${status}: ${ctx.monitor.name}`.slice(0, 200),
    body: body.slice(0, 1000),
    url: ctx.alertUrl,
    alertId: ctx.alertId,
    monitorId: ctx.monitor.id,
    severity: ctx.severity,
    signal: signal.slice(0, 500),
    value: ctx.value,
    at: ctx.at,
  };
  // A critical page must wake the phone now and is worth a day in the queue; a resolve can wait for the next wake.
  // An acknowledgement only replaces the page quietly: nobody needs waking for it.
  const critical = ctx.severity === "critical" && !resolved && !ctx.kind.endsWith("acknowledge");
  return {
    payload: fitPayload(payload),
    ttl: critical ? 24 * HOUR : resolved ? 6 * HOUR : 12 * HOUR,
    urgency: critical ? "high" : resolved ? "low" : "normal",
  };
}

/** Trim the free text until the JSON fits what every push service accepts. */
function fitPayload(p: PushPayload): PushPayload {
  let out = p;
  const size = (x: PushPayload) => new TextEncoder().encode(JSON.stringify(x)).byteLength;
  while (size(out) > MAX_PUSH_PAYLOAD && (out.body.length > 0 || out.signal.length > 0)) {
    out = {
      ...out,
      body: out.body.slice(0, out.body.length >> 1),
      signal: out.signal.slice(0, out.signal.length >> 1),
    };
  }
  return out;
}

/** Minutes since local midnight in `timeZone` at `at`; an unknown zone counts as UTC. */
export function localMinutes(at: number, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date(at));
  } catch {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "UTC",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date(at));
  }
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Quiet hours may span midnight (22:00–07:00); start == end means none. */
export function inQuietHours(at: number, timeZone: string, quiet: { start: string; end: string } | null): boolean {
  if (!quiet) return false;
  const now = localMinutes(at, timeZone);
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

export type PushDecision = "send" | "severity" | "quiet";

/**
 * Whether this person's devices get this page. Critical pages break through quiet hours (an outage does not wait
 * for anyone's morning); a resolve does too, since it silently replaces a notification that is already there.
 */
export function pushDecision(
  prefs: PushPreferences,
  timeZone: string,
  ctx: Pick<NotificationContext, "severity" | "kind" | "at">,
): PushDecision {
  if (!prefs.severities.includes(ctx.severity)) return "severity";
  if (ctx.severity !== "critical" && ctx.kind !== "resolve" && inQuietHours(ctx.at, timeZone, prefs.quietHours))
    return "quiet";
  return "send";
}

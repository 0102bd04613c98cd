// What the service worker shows for a push page, and what a tap on it does: pure, so it is tested in Node.
import type { PushPayload } from "../../../core/contracts/push";

export const ACK_ACTION = "ack";
export const OPEN_ACTION = "open";

/** What the notification carries for the click handler (Notification.data). */
export interface PageData {
  alertId: string;
  url: string;
  ack: string | null;
}

export interface ShownNotification {
  title: string;
  options: {
    body: string;
    tag: string;
    renotify: boolean;
    requireInteraction: boolean;
    icon: string;
    badge: string;
    data: PageData;
    actions: { action: string; title: string }[];
  };
}

/** Only the fields the worker relies on are checked: a page it cannot read shows as a plain "open Vigil" notice. */
export function readPage(raw: unknown): PushPayload | null {
  if (!raw || typeof raw !== "object") return null;
  const p = raw as Partial<PushPayload>;
  if (typeof p.title !== "string" || typeof p.tag !== "string" || typeof p.alertId !== "string") return null;
  return {
    ...(p as PushPayload),
    body: typeof p.body === "string" ? p.body : "",
    ack: typeof p.ack === "string" ? p.ack : undefined,
  };
}

/** Always our own origin's alert page: a payload's URL is never followed blindly. */
export const alertPath = (alertId: string) => `/alerts/${encodeURIComponent(alertId)}`;

export function notificationOf(p: PushPayload): ShownNotification {
  const open = p.kind !== "resolve";
  const actions = [
    ...(open && p.ack ? [{ action: ACK_ACTION, title: "Acknowledge" }] : []),
    { action: OPEN_ACTION, title: "Open" },
  ];
  return {
    title: p.title,
    options: {
      body: p.body,
      // Same tag for trigger, re-notify and resolve: the newest replaces the one on screen.
      tag: p.tag,
      // A re-notify buzzes again; a resolve replaces the page quietly.
      renotify: open,
      requireInteraction: open && p.severity === "critical",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { alertId: p.alertId, url: alertPath(p.alertId), ack: open ? (p.ack ?? null) : null },
      actions,
    },
  };
}

/** The replacement shown after Acknowledge was tapped: success, or why not (tap to open the alert instead). */
export function ackOutcome(
  page: { title: string; tag: string; data: PageData },
  res: { ok: boolean; message: string },
): ShownNotification {
  return {
    title: res.ok ? `Acknowledged: ${page.title.replace(/^(Critical|Warning): /, "")}` : page.title,
    options: {
      body: res.ok ? "You acknowledged this alert." : `Could not acknowledge: ${res.message}`,
      tag: page.tag,
      renotify: false,
      requireInteraction: false,
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { ...page.data, ack: null },
      actions: [{ action: OPEN_ACTION, title: "Open" }],
    },
  };
}

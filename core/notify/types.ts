import type { Labels, Severity } from "../alerting/types";
import type { NotifyKind } from "../alerting/notify-plan";

/** Everything a channel needs to describe one notification; built once, rendered per channel. */
export interface NotificationContext {
  kind: NotifyKind;
  /** team and collection: the owning team's and collection's names, shown to whoever is paged. */
  monitor: { id: string; slug: string; name: string; team?: string; collection?: string };
  alertId: string;
  signalKey: string;
  /** Alert labels: signal labels, monitor labels, `monitor` (slug), `severity`, `alertname`. */
  labels: Labels;
  severity: Severity;
  value: number | null;
  startedAt: number;
  resolvedAt: number | null;
  /** Already templated. */
  annotations: Record<string, string>;
  alertUrl: string;
  /** Vigil's base URL: same-origin annotation paths become links on it. */
  baseUrl?: string;
  at: number;
  /** Found by the investigation the alert started (docs/DDX.md): "deployment.version=v3.41.0 (Deploy: ..., 2 min before)". */
  likelyCause?: { text: string; url?: string };
  /** For `acknowledge` / `unacknowledge`: who, and their comment. */
  ack?: { by: string; comment: string } | null;
  /** Sent while the signal flaps (one page, then quiet until a breach holds). */
  flapping?: boolean;
  /** The monitor's own "monitor broken" alert: it cannot evaluate, and this is why. */
  broken?: { error: string } | null;
  /**
   * Set on a channel that pages per incident: the page is the incident's (keyed by its id, so its acknowledge and
   * resolve land on it too), and the alert is the one that opened it on this channel. Absent on per-alert channels.
   */
  incident?: { id: string; title: string; url: string };
}

/** An HTTP request a channel wants sent; the adapter in platform/notifiers does the sending. */
export interface OutboundRequest {
  url: string;
  body: unknown;
}

/** A team was @-mentioned (in a comment, a notebook…): what its channel is told. Built once, rendered per channel. */
export interface MentionNotice {
  by: { handle: string; name: string };
  team: { handle: string; name: string };
  /** What the mention is on: kind (`monitor.comment`), title (`monitor Checkout burn`), the text around it. */
  on: { kind: string; title: string; excerpt: string };
  /** Absolute link to where the mention was made. */
  url: string;
  at: number;
}

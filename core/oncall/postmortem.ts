// "Start postmortem" (issue 15 §3): the notebook an incident's postmortem starts from. Its cells hold the
// summary, the timeline in words and each alert as evidence; the notebook's Markdown export is the document.
import type { CellInput } from "../contracts/notebooks";
import type { TimelineEntry } from "./incidents";

export interface PostmortemIncident {
  id: string;
  title: string;
  severity: string;
  status: string;
  openedAt: number;
  resolvedAt: number | null;
  /** @handle, or null when nobody leads it. */
  commander: string | null;
}

export interface PostmortemAlert {
  id: string;
  monitorSlug: string;
  monitorName: string;
  state: string;
  severity: string;
  labels: Record<string, string>;
}

/** User text inside Markdown: inert (no markup, links or HTML) and on one line. */
export function mdText(s: string): string {
  return s.replace(/\s+/g, " ").replace(/[\\`*_[\]{}<>()#+!|~-]/g, (c) => `\\${c}`);
}

/** UTC to the second, as people read it in a table: 2026-12-04 02:14:05. */
const iso = (t: number) => new Date(t).toISOString().slice(0, 19).replace("T", " ");
const str = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A mute's matchers as people write them, inert: {service="checkout", env!~"dev.*"}. */
function matchers(v: unknown): string {
  if (!Array.isArray(v) || !v.length) return "";
  return ` on ${mdText(`{${v.map((m) => `${str(m?.name)}${str(m?.op)}"${str(m?.value)}"`).join(", ")}}`)}`;
}

/** Why grouping placed an alert (core/oncall/correlate.ts); nothing for shared labels or a person's choice. */
function joinedWhy(d: Record<string, unknown>): string {
  if (d.reason === "service_graph") return ` (a service-graph neighbour of ${mdText(str(d.neighbour))})`;
  if (d.reason === "change_event") return ` (after the same change: ${mdText(str(d.changeTitle))})`;
  return "";
}

/** One timeline entry in words, as the incident page says it. */
export function describeEntry(e: TimelineEntry): string {
  const d = e.data;
  const alert = mdText(str(d.monitorName) || str(d.alertId));
  const quoted = (k: string) => (str(d[k]) ? `: “${mdText(str(d[k]))}”` : "");
  switch (e.kind) {
    case "opened":
      return e.by ? "Incident opened" : "Incident opened by grouping firing alerts";
    case "alert_joined":
      return `${alert} joined${joinedWhy(d)}`;
    case "alert_fired":
      return `${alert} fired`;
    case "alert_resolved":
      return `${alert} resolved`;
    case "alert_acknowledged":
      return `${alert} acknowledged${quoted("comment")}`;
    case "acknowledged":
      return `Incident acknowledged (${str(d.count)} alerts)${quoted("comment")}`;
    case "status":
      return `Status ${mdText(str(d.from))} → **${mdText(str(d.to))}**${quoted("note")}`;
    case "severity":
      return `Severity ${mdText(str(d.from)).toUpperCase()} → **${mdText(str(d.to)).toUpperCase()}**`;
    case "commander":
      return d.to ? `Commander **${mdText(str(d.to))}**` : "Commander cleared";
    case "title":
      return `Renamed to “${mdText(str(d.to))}”`;
    case "comment":
      return `Comment: “${mdText(str(d.body))}”`;
    case "postmortem":
      return "Postmortem started";
    case "change": {
      const kind = [d.category, d.type].map(str).filter(Boolean).join(" ");
      const meta = [kind, str(d.source) && `from ${str(d.source)}`].filter(Boolean).join(", ");
      return `Change: “${mdText(str(d.title))}”${meta ? ` (${mdText(meta)})` : ""}`;
    }
    case "mute":
      return `Mute created${d.monitorId ? " on the monitor" : ""}${matchers(d.matchers)}, until ${Number.isFinite(d.endsAt) ? `${iso(Number(d.endsAt))} UTC` : "?"}${quoted("comment")}`;
    case "mute_expired":
      return `Mute expired${quoted("comment")}`;
    case "mute_deleted":
      return `Mute deleted${quoted("comment")}`;
    default:
      return mdText(e.kind);
  }
}

/** Within a notebook's limits (200 cells, 100,000 characters of Markdown a cell, 900 KiB in all): the rest is said, not dropped silently. */
export const POSTMORTEM_MAX_ALERTS = 100;
const TIMELINE_MAX_CHARS = 90_000;

/** The postmortem notebook's cells: summary, the sections to write, the timeline, then each alert. */
export function postmortemCells(
  inc: PostmortemIncident,
  alerts: PostmortemAlert[],
  timeline: TimelineEntry[],
  /** The incident page kept only the newest changes and mutes (core/oncall/incident-context.ts). */
  timelineTruncated = false,
): CellInput[] {
  const end = inc.resolvedAt;
  const summary = [
    `**Incident:** ${mdText(inc.title)}  `,
    `**Severity:** ${inc.severity.toUpperCase()} · **Status:** ${mdText(inc.status)}  `,
    `**Opened:** ${iso(inc.openedAt)} UTC · **Resolved:** ${end === null ? "not yet" : `${iso(end)} UTC (after ${minutes(end - inc.openedAt)})`}  `,
    `**Commander:** ${inc.commander ? mdText(inc.commander) : "none"} · **Alerts:** ${alerts.length}${alerts.length > POSTMORTEM_MAX_ALERTS ? ` (the first ${POSTMORTEM_MAX_ALERTS} are below; all are on the incident page)` : ""}`,
    "",
    "## Impact",
    "",
    "_Who was affected, how, and for how long._",
    "",
    "## Root cause",
    "",
    "_What broke and why; the evidence below._",
    "",
    "## Action items",
    "",
    "- [ ] _Owner, task, due date_",
  ].join("\n");
  const rows = ["| Time (UTC) | What happened | Who |", "| --- | --- | --- |"];
  let chars = 0;
  for (const [i, e] of timeline.entries()) {
    const row = `| ${iso(e.at)} | ${describeEntry(e)} | ${e.by ? mdText(e.by) : ""} |`;
    chars += row.length + 1;
    if (chars > TIMELINE_MAX_CHARS) {
      rows.push("", `_${timeline.length - i} later entries are on the incident page._`);
      break;
    }
    rows.push(row);
  }
  if (timelineTruncated)
    rows.push("", "_Only the newest 200 changes and mutes around the incident are listed; older ones were left out._");
  const table = rows.join("\n");
  return [
    { type: "markdown", title: "Summary", source: summary },
    { type: "markdown", title: "Timeline", source: timeline.length ? table : "_Nothing on the timeline._" },
    ...alerts.slice(0, POSTMORTEM_MAX_ALERTS).map(
      (a): CellInput => ({
        type: "alert",
        title: a.monitorName.slice(0, 200),
        alertId: a.id,
        monitorSlug: a.monitorSlug,
        state: a.state,
        severity: a.severity,
        labels: a.labels,
      }),
    ),
  ];
}

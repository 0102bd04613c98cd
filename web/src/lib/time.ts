// Time ranges and formatting. Ranges live in the URL as Grafana-style expressions ("now-1h", "now")
// or epoch milliseconds, so a shared link can be relative or pinned to the incident.
import { createSignal } from "solid-js";

const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

export function parseDuration(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(s.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
}

/** "now", "now-15m" or epoch ms -> epoch ms at `now`; null when unreadable. */
export function resolveTime(expr: string, now: number): number | null {
  const e = expr.trim();
  if (e === "now") return now;
  const rel = /^now-(.+)$/.exec(e);
  if (rel) {
    const d = parseDuration(rel[1]);
    return d == null ? null : now - d;
  }
  if (/^\d{10,}$/.test(e)) return Number(e);
  const t = Date.parse(e);
  return Number.isNaN(t) ? null : t;
}

export interface TimeRange {
  from: string;
  to: string;
}

export const DEFAULT_RANGE: TimeRange = { from: "now-1h", to: "now" };

export const PRESETS: { label: string; from: string }[] = [
  { label: "Last 15 minutes", from: "now-15m" },
  { label: "Last 1 hour", from: "now-1h" },
  { label: "Last 3 hours", from: "now-3h" },
  { label: "Last 6 hours", from: "now-6h" },
  { label: "Last 24 hours", from: "now-24h" },
  { label: "Last 7 days", from: "now-7d" },
];

export function resolveRange(r: TimeRange, now: number): { start: number; end: number } {
  const end = resolveTime(r.to, now) ?? now;
  const start = resolveTime(r.from, now) ?? end - 3600e3;
  return start < end ? { start, end } : { start: end - 3600e3, end };
}

/** A step giving ~`points` points over the range, rounded to a whole second, at least 1 s. */
export function stepFor(startMs: number, endMs: number, points = 240): number {
  return Math.max(1, Math.ceil((endMs - startMs) / 1000 / points));
}

const isRelativeTime = (e: string) => e.trim() === "now" || /^now-\d+(?:\.\d+)?[smhdw]$/.test(e.trim());

/** A range written against "now" moves with time; one in epoch ms or dates is pinned to those instants. */
export function isRelativeRange(r: TimeRange): boolean {
  return isRelativeTime(r.from) && isRelativeTime(r.to);
}

const UNIT_WORDS: [number, string][] = [
  [7 * 86400e3, "week"],
  [86400e3, "day"],
  [3600e3, "hour"],
  [60e3, "minute"],
  [1e3, "second"],
];

/** 600000 -> "10 minutes", 5400000 -> "90 minutes": the largest unit that divides it exactly. */
export function durationWords(ms: number): string {
  for (const [size, word] of UNIT_WORDS)
    if (ms >= size && ms % size === 0) return `${ms / size} ${word}${ms / size === 1 ? "" : "s"}`;
  return `${Math.round(ms / 1000)} seconds`;
}

export function describeRange(r: TimeRange, utc: boolean): string {
  const preset = PRESETS.find((p) => p.from === r.from && r.to === "now");
  if (preset) return preset.label;
  if (isRelativeRange(r)) {
    const d = parseDuration(r.from.trim().slice(4));
    if (r.to.trim() === "now" && d) return `Last ${durationWords(d)}`;
    return `${r.from} → ${r.to}`;
  }
  const now = Date.now();
  const { start, end } = resolveRange(r, now);
  const a = formatTime(start, utc, false);
  const b = formatTime(end, utc, false);
  // Same day: "2026-11-25 02:14 → 02:44".
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} → ${b.slice(11)}` : `${a} → ${b}`;
}

/** "Back to now" from a pinned range: as long as the pinned one, ending now, in the shortest exact form. */
export function relativeLike(r: TimeRange, now: number): TimeRange {
  const { start, end } = resolveRange(r, now);
  const ms = Math.max(60_000, Math.round((end - start) / 60_000) * 60_000);
  const [size, unit] = ms % 86400e3 === 0 ? [86400e3, "d"] : ms % 3600e3 === 0 ? [3600e3, "h"] : [60e3, "m"];
  return { from: `now-${ms / size}${unit}`, to: "now" };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The zone times are shown in when not in UTC mode: the person's own (set by lib/display-zone.ts), or null for
 * the browser's. One place, so every page, chart axis and tooltip agrees. A signal: every time on screen is
 * formatted inside a tracking scope, so changing the zone in settings re-renders them all without a reload. */
const [displayZone, setZone] = createSignal<string | null>(null);
const formatters = new Map<string, Intl.DateTimeFormat>();

export function setDisplayZone(tz: string | null): void {
  setZone(tz);
}

/** Reactive: read inside an effect or JSX, it re-runs when the zone changes. */
export function getDisplayZone(): string | null {
  return displayZone();
}

function partsIn(ms: number, tz: string): number[] {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, f);
  }
  const get = (parts: Intl.DateTimeFormatPart[], t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const parts = f.formatToParts(ms);
  return ["year", "month", "day", "hour", "minute", "second"].map((t) => get(parts, t));
}

/** "2026-11-25 02:14:05" in the person's zone, or with a trailing "UTC" in UTC mode. */
export function formatTime(ms: number, utc: boolean, withSeconds = true, zone = displayZone()): string {
  const d = new Date(ms);
  const [y, mo, da, h, mi, s] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : zone
      ? partsIn(ms, zone)
      : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const base = `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}${withSeconds ? `:${pad(s)}` : ""}`;
  return utc ? `${base} UTC` : base;
}

export function formatAgo(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

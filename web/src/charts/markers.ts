// Event markers on charts: change events as thin lines, one alert's transitions as one band. Pure: what to draw,
// which marker the pointer is on, and how the chips under a chart are ordered and grouped.

export type MarkerKind = "deploy" | "rollback" | "alert" | "change";

/** What the hover/tap card shows. */
export interface MarkerCard {
  title: string;
  source?: string;
  author?: string;
  region?: string;
  reason?: string;
  /** Extra fields, e.g. a dashboard overlay's hover fields not covered above. */
  fields?: { label: string; value: string }[];
  href?: string;
  hrefLabel?: string;
}

export interface Marker {
  time: number; // epoch ms
  label: string;
  /** Plain text of the card, for screen readers and tests. */
  detail?: string;
  color?: string;
  kind?: MarkerKind;
  card?: MarkerCard;
  /** Alert transitions of one alert share a group: drawn as one band from the first to the last. */
  group?: string;
  /** The transition's state (firing, resolved, …) for alert markers. */
  state?: string;
}

/** The same in light, dark and on the wall: distinct hues for deploys, rollbacks and alerts, grey for the rest. */
export const MARKER_COLORS: Record<MarkerKind, string> = {
  deploy: "#8b7cf6",
  rollback: "#e3a008",
  alert: "#e5534b",
  change: "#8b949e",
};

export const markerColor = (m: Marker) => m.color ?? MARKER_COLORS[m.kind ?? "change"];

export interface Band {
  group: string;
  start: number;
  /** null: still open (the alert has not resolved in the chart's range). */
  end: number | null;
  label: string;
  color: string;
  markers: Marker[];
}

const ENDS = /resolved|ok|inactive|normal/i;

/** Split markers into lines (changes, and alert events without a group) and one band per alert. */
export function splitMarkers(markers: readonly Marker[]): { lines: Marker[]; bands: Band[] } {
  const lines: Marker[] = [];
  const byGroup = new Map<string, Marker[]>();
  for (const m of markers) {
    if (m.kind === "alert" && m.group) {
      const g = byGroup.get(m.group);
      if (g) g.push(m);
      else byGroup.set(m.group, [m]);
    } else lines.push(m);
  }
  const bands = [...byGroup].map(([group, ms]) => {
    const sorted = [...ms].sort((a, b) => a.time - b.time);
    const last = sorted[sorted.length - 1];
    return {
      group,
      start: sorted[0].time,
      end: sorted.length > 1 && ENDS.test(last.state ?? last.label) ? last.time : null,
      label:
        sorted[0].card?.title?.replace(/\s+(critical|warning|info)?\s*(pending|firing|resolved).*$/i, "") ??
        sorted[0].label,
      color: markerColor(sorted[0]),
      markers: sorted,
    };
  });
  return { lines: lines.sort((a, b) => a.time - b.time), bands: bands.sort((a, b) => a.start - b.start) };
}

export type Chip = { kind: "line"; marker: Marker } | { kind: "band"; band: Band };

/** Under the chart: changes first (oldest first), then one chip per alert. */
export function chipOrder(markers: readonly Marker[]): Chip[] {
  const { lines, bands } = splitMarkers(markers);
  const changes = lines.filter((m) => m.kind !== "alert");
  const alertLines = lines.filter((m) => m.kind === "alert");
  return [
    ...changes.map((marker) => ({ kind: "line" as const, marker })),
    ...bands.map((band) => ({ kind: "band" as const, band })),
    ...alertLines.map((marker) => ({ kind: "line" as const, marker })),
  ];
}

export type Hit = { kind: "line"; marker: Marker } | { kind: "band"; band: Band };

/**
 * What the pointer at `xMs` is on: the nearest line within `tolMs` (lines win: they are thin and precise), else
 * the band it is inside (an open band runs to `endMs`).
 */
export function hitTest(markers: readonly Marker[], xMs: number, tolMs: number, endMs: number): Hit | null {
  const { lines, bands } = splitMarkers(markers);
  let best: Marker | null = null;
  for (const m of lines) {
    const d = Math.abs(m.time - xMs);
    if (d <= tolMs && (!best || d < Math.abs(best.time - xMs))) best = m;
  }
  if (best) return { kind: "line", marker: best };
  const band = bands.find((b) => xMs >= b.start - tolMs && xMs <= (b.end ?? endMs) + tolMs);
  return band ? { kind: "band", band } : null;
}

/** The card of a hit: a band's card is its first transition's, with the span of the alert. */
export function cardOf(hit: Hit): MarkerCard & { when: number; until?: number | null; color: string } {
  if (hit.kind === "line")
    return {
      ...(hit.marker.card ?? { title: hit.marker.label }),
      when: hit.marker.time,
      color: markerColor(hit.marker),
    };
  const first = hit.band.markers[0];
  return {
    ...(first.card ?? { title: hit.band.label }),
    title: hit.band.label,
    when: hit.band.start,
    until: hit.band.end,
    color: hit.band.color,
  };
}

/** Identity of a hit across recomputations (hover only redraws when it changes). */
export function hitKey(h: Hit | null): string {
  if (!h) return "";
  return h.kind === "line" ? `l:${h.marker.time}:${h.marker.label}` : `b:${h.band.group}`;
}

// Pure helpers of the dashboard page: grid placement, variables, markers and panel links.
import type { DashboardModel, Panel } from "../../../../core/contracts/dashboards";
import { currentValues, interpolate, type VarValues } from "../../../../core/contracts/dashboard-vars";
import type { Marker } from "../../charts/options";
import type { EventMarker } from "../../api/dashboards";
import { changeFields } from "../../api/change-fields";
import { changeHref } from "../../api/changes";

export const ROW_PX = 40;

/** CSS grid placement from the model's 24-column gridPos (1-based lines; rows are ROW_PX tall). */
export function gridArea(p: Pick<Panel, "gridPos">): { "grid-column": string; "grid-row": string } {
  const g = p.gridPos;
  return { "grid-column": `${g.x + 1} / span ${g.w}`, "grid-row": `${g.y + 1} / span ${g.h}` };
}

/** Reading order (top to bottom, left to right): the order panels stack in on a phone. */
export function readingOrder<T extends Pick<Panel, "gridPos">>(panels: T[]): T[] {
  return [...panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
}

/** Variable values in effect: URL `var-<name>` params override the model's defaults. */
export function varsFromUrl(model: Pick<DashboardModel, "variables">, params: URLSearchParams): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const v of model.variables) {
    const u = params.get(`var-${v.name}`);
    if (u !== null) overrides[v.name] = u;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(currentValues(model, overrides) as VarValues))
    out[k] = Array.isArray(v) ? (v.length === 1 ? v[0]! : `(${v.join("|")})`) : v;
  return out;
}

/**
 * Variables take their value from the pinned scope: a variable named like a scope key (or labelled so) shows the
 * scope's value, so "Region: All" never sits beside a region=us-east-1 scope chip.
 */
export function scopedVars(
  model: Pick<DashboardModel, "variables">,
  vars: Record<string, string>,
  scope: { key: string; value: string }[],
): { vars: Record<string, string>; fromScope: Set<string> } {
  const out = { ...vars };
  const fromScope = new Set<string>();
  for (const v of model.variables) {
    const names = [v.name, (v.label ?? "").toLowerCase()];
    const chip = scope.find((c) => names.includes(c.key) || names.includes(c.key.toLowerCase()));
    if (!chip) continue;
    out[v.name] = chip.value;
    fromScope.add(v.name);
  }
  return { vars: out, fromScope };
}

/** A query's legend template (`{{status}}`, `p50`) filled with a series' labels; empty when there is none. */
export function legendOf(template: string | undefined, labels: Record<string, string>): string {
  if (!template) return "";
  return template.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, k: string) => labels[k] ?? "").trim();
}

export function panelQuery(expr: string, vars: Record<string, string>): string {
  return interpolate(expr, vars);
}

/** Server markers -> chart markers with their card; the overlay's hover fields are the card's rows, the
 * server's "Deploy: …, Source: …" line its text. */
export function toChartMarkers(ms: EventMarker[]): Marker[] {
  return ms.map((m) => {
    const f = changeFields(m);
    return {
      time: m.time,
      label: m.title,
      detail: m.text,
      kind: f.kind,
      group: m.alertId,
      state: m.type.replace(/^alert_/, ""),
      card: {
        title: m.title,
        source: m.source,
        author: f.author,
        region: f.region,
        reason: f.reason,
        fields: m.fields,
        href: changeHref({ id: m.id, category: m.category, payload: m.alertId ? { alertId: m.alertId } : null }),
        hrefLabel: f.kind === "alert" ? "Open the alert" : "Open in Changes",
      },
    };
  });
}

export function ddxHref(q: string, range: { from: string; to: string }): string {
  return `/ddx?${new URLSearchParams({ q, from: range.from, to: range.to }).toString()}`;
}

/** The next free panel id and a slot below everything else. */
export function newPanel(model: DashboardModel): Panel {
  let n = model.panels.length + 1;
  const ids = new Set(model.panels.map((p) => p.id));
  while (ids.has(`panel-${n}`)) n++;
  const y = model.panels.reduce((m, p) => Math.max(m, p.gridPos.y + p.gridPos.h), 0);
  return {
    id: `panel-${n}`,
    type: "timeseries",
    title: "New panel",
    datasource: "metrics",
    queries: [{ refId: "A", expr: "up" }],
    gridPos: { x: 0, y, w: 12, h: 8 },
  };
}

export function formatStat(v: number | null, unit?: string): string {
  if (v === null || !Number.isFinite(v)) return "–";
  if (unit === "percentunit") return `${(v * 100).toFixed(2)}%`;
  const s = Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
  return unit ? `${s} ${unit}` : s;
}

/** Grafana-style units the chart does not know, as a unit it does and a factor for the values. */
export function chartUnit(unit?: string): { unit?: string; scale: number } {
  if (unit === "percentunit") return { unit: "%", scale: 100 };
  if (unit === "percent") return { unit: "%", scale: 1 };
  return { unit, scale: 1 };
}

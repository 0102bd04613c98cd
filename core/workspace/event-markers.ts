import type { ChangeEvent } from "../contracts/change-events";
import type { EventOverlay } from "../contracts/dashboards";

/** Markers a chart draws for change events, with the hover text built from the overlay's fields. */

export interface Marker {
  id: string;
  time: number;
  title: string;
  category: string;
  /** deploy, rollback, alert_firing, …: charts colour and group by it. */
  type: string;
  source: string;
  labels: Record<string, string>;
  /** An alert transition's alert: one alert's markers are drawn as one band. */
  alertId?: string;
  fields: Array<{ label: string; value: string }>;
  text: string;
}

/** Resolve `$var` label filters against the variables in effect; unset or All drops the filter. */
export function resolveLabelFilter(
  labels: Record<string, string>,
  vars: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (!v.startsWith("$")) {
      out[k] = v;
      continue;
    }
    const val = vars[v.slice(1)];
    if (val !== undefined && val !== "" && val !== "All" && val !== "*" && val !== ".*" && val !== "$__all")
      out[k] = val;
  }
  return out;
}

function fieldValue(ev: ChangeEvent, field: string): string | undefined {
  if (field.startsWith("labels.")) return ev.labels[field.slice("labels.".length)];
  if (field === "title" || field === "source" || field === "category" || field === "type") return ev[field];
  return undefined;
}

export function toMarker(ev: ChangeEvent, overlay: Pick<EventOverlay, "hoverFields">): Marker {
  const fields = overlay.hoverFields.flatMap((f) => {
    const value = fieldValue(ev, f.field);
    return value === undefined || value === "" ? [] : [{ label: f.label, value }];
  });
  const text = [ev.title, ...fields.map((f) => `${f.label}: ${f.value}`)].join(", ");
  const p = ev.payload as { alertId?: unknown } | null | undefined;
  const alertId = ev.category === "alerts" && p && typeof p.alertId === "string" ? p.alertId : undefined;
  return {
    id: ev.id,
    time: ev.happenedAt,
    title: ev.title,
    category: ev.category,
    type: ev.type,
    source: ev.source,
    labels: ev.labels,
    ...(alertId ? { alertId } : {}),
    fields,
    text,
  };
}

/** Oldest first, as a chart draws them. */
export function toMarkers(events: ChangeEvent[], overlay: Pick<EventOverlay, "hoverFields">): Marker[] {
  return events.map((e) => toMarker(e, overlay)).sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
}

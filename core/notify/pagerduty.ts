import type { Severity } from "../alerting/types";
import { dedupKey } from "./fingerprint";
import type { NotificationContext, OutboundRequest } from "./types";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const severityMap: Record<Severity, "critical" | "warning"> = { critical: "critical", warning: "warning" };

/** PagerDuty Events API v2: trigger (also for repeats and severity changes) and resolve on one dedup_key. */
export function pagerDutyEvent(
  ctx: NotificationContext,
  cfg: { routingKey: string; eventsUrl?: string },
): OutboundRequest {
  const dedup_key = dedupKey(ctx.monitor.id, ctx.signalKey);
  const url = cfg.eventsUrl ?? PAGERDUTY_EVENTS_URL;
  if (ctx.kind === "resolve") return { url, body: { routing_key: cfg.routingKey, event_action: "resolve", dedup_key } };
  const where = Object.entries(ctx.labels)
    .filter(([k]) => !["monitor", "severity", "alertname"].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const summary =
    `${ctx.monitor.name}${where ? ` (${where})` : ""}${ctx.value === null ? "" : `: ${formatValue(ctx.value)}`}`.slice(
      0,
      1024,
    );
  const links = [{ href: ctx.alertUrl, text: "Alert in Vigil" }];
  for (const [k, v] of Object.entries(ctx.annotations)) if (/^https?:\/\//.test(v)) links.push({ href: v, text: k });
  return {
    url,
    body: {
      routing_key: cfg.routingKey,
      event_action: "trigger",
      dedup_key,
      client: "Vigil",
      client_url: ctx.alertUrl,
      payload: {
        summary,
        source: ctx.monitor.slug,
        severity: severityMap[ctx.severity],
        timestamp: new Date(ctx.at).toISOString(),
        component: ctx.labels.service,
        group: ctx.labels.environment,
        class: ctx.monitor.slug,
        custom_details: {
          labels: ctx.labels,
          annotations: ctx.annotations,
          value: ctx.value,
          started_at: new Date(ctx.startedAt).toISOString(),
          repeat: ctx.kind === "repeat",
          ...(ctx.monitor.team ? { team: ctx.monitor.team } : {}),
          ...(ctx.monitor.collection ? { collection: ctx.monitor.collection } : {}),
        },
      },
      links,
    },
  };
}

export function formatValue(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

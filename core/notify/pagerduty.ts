import type { Severity } from "../alerting/types";
import { absoluteOn, classifyLink } from "../contracts/links";
import { dedupKey } from "./fingerprint";
import type { NotificationContext, OutboundRequest } from "./types";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const severityMap: Record<Severity, "critical" | "warning"> = { critical: "critical", warning: "warning" };

/**
 * PagerDuty Events API v2: trigger (also for repeats and severity changes), acknowledge and resolve on one
 * dedup_key. Events v2 has no un-acknowledge: Vigil never sends one for it (see acksForChannel).
 */
export function pagerDutyEvent(
  ctx: NotificationContext,
  cfg: { routingKey: string; eventsUrl?: string },
): OutboundRequest {
  const dedup_key = ctx.incident ? ctx.incident.id : dedupKey(ctx.monitor.id, ctx.signalKey);
  const url = cfg.eventsUrl ?? PAGERDUTY_EVENTS_URL;
  if (ctx.kind === "resolve" || ctx.kind === "acknowledge")
    return { url, body: { routing_key: cfg.routingKey, event_action: ctx.kind, dedup_key } };
  const where = Object.entries(ctx.labels)
    .filter(([k]) => !["monitor", "severity", "alertname"].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const summary = `${ctx.incident ? `Incident ${ctx.incident.title}: ` : ""}${headline(ctx, where)}`.slice(0, 1024);
  const links = [
    ...(ctx.incident ? [{ href: ctx.incident.url, text: "Incident in Vigil" }] : []),
    { href: ctx.alertUrl, text: "Alert in Vigil" },
  ];
  if (ctx.likelyCause?.url) links.push({ href: ctx.likelyCause.url, text: `Likely cause: ${ctx.likelyCause.text}` });
  links.push(...annotationLinks(ctx));
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
          // A follow-up on an open incident (the investigation's likely cause), not a new page: receivers and
          // tests that count pages per episode can tell them apart.
          ...(ctx.kind === "update" ? { update: true } : {}),
          ...(ctx.likelyCause ? { likely_cause: ctx.likelyCause.text } : {}),
          ...(ctx.monitor.team ? { team: ctx.monitor.team } : {}),
          ...(ctx.monitor.collection ? { collection: ctx.monitor.collection } : {}),
          ...(ctx.flapping ? { flapping: true } : {}),
          ...(ctx.broken ? { monitor_error: ctx.broken.error } : {}),
          ...(ctx.incident ? { incident: ctx.incident } : {}),
        },
      },
      links,
    },
  };
}

/** One line for a pager screen: a broken monitor says so, a flapping page is marked, otherwise where and how bad. */
export function headline(ctx: NotificationContext, where: string): string {
  if (ctx.broken) return `Monitor broken: ${ctx.monitor.name} cannot evaluate: ${ctx.broken.error}`;
  const base = `${ctx.monitor.name}${where ? ` (${where})` : ""}${ctx.value === null ? "" : `: ${formatValue(ctx.value)}`}`;
  return ctx.flapping ? `[flapping] ${base}` : base;
}

/** Annotation URLs as links: external ones as written, same-origin paths made absolute on Vigil's URL. */
export function annotationLinks(ctx: NotificationContext): { href: string; text: string }[] {
  const out: { href: string; text: string }[] = [];
  for (const [k, v] of Object.entries(ctx.annotations)) {
    const target = classifyLink(v);
    if (target.kind === "external") out.push({ href: target.href, text: k });
    else if (target.kind === "internal" && ctx.baseUrl)
      out.push({ href: absoluteOn(ctx.baseUrl, target.href), text: k });
  }
  return out;
}

export function formatValue(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

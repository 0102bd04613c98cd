import { headline } from "./pagerduty";
import type { NotificationContext, OutboundRequest } from "./types";

/** Slack incoming webhook message: one line of text (for notifications) plus a section block. */
export function slackMessage(ctx: NotificationContext, cfg: { webhookUrl: string }): OutboundRequest {
  const icon =
    ctx.kind === "resolve"
      ? ":white_check_mark:"
      : ctx.kind === "acknowledge"
        ? ":eyes:"
        : ctx.severity === "critical"
          ? ":rotating_light:"
          : ":warning:";
  const status =
    ctx.kind === "resolve"
      ? "RESOLVED"
      : ctx.kind === "acknowledge"
        ? "ACKNOWLEDGED"
        : ctx.kind === "unacknowledge"
          ? "UNACKNOWLEDGED"
          : ctx.severity.toUpperCase();
  const where = Object.entries(ctx.labels)
    .filter(([k]) => !["monitor", "severity", "alertname"].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const who = ctx.ack ? ` by ${ctx.ack.by}${ctx.ack.comment ? `: ${ctx.ack.comment.slice(0, 500)}` : ""}` : "";
  const incident = ctx.incident ? `Incident ${ctx.incident.title}: ` : "";
  const text = `${icon} [${status}] ${incident}${headline(ctx, where)}${who}`;
  const owner = [
    ctx.monitor.collection ? `Collection: ${ctx.monitor.collection}` : "",
    ctx.monitor.team ? `Team: ${ctx.monitor.team}` : "",
  ].filter(Boolean);
  const cause = ctx.likelyCause
    ? `*Likely cause*: ${ctx.likelyCause.url ? `<${ctx.likelyCause.url}|${esc(ctx.likelyCause.text)}>` : esc(ctx.likelyCause.text)}`
    : "";
  const details = [
    ...(cause ? [cause] : []),
    ...(owner.length ? [esc(owner.join(", "))] : []),
    ...Object.entries(ctx.annotations).map(([k, v]) => `*${esc(k)}*: ${esc(v)}`),
  ].join("\n");
  return {
    url: cfg.webhookUrl,
    body: {
      text: esc(text),
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: ctx.incident
              ? `${esc(text)}\n<${ctx.incident.url}|Open the incident in Vigil>`
              : `${esc(text)}\n<${ctx.alertUrl}|Open in Vigil>`,
          },
        },
        ...(details ? [{ type: "section", text: { type: "mrkdwn", text: details } }] : []),
      ],
    },
  };
}

/** Slack's own escaping for mrkdwn: only &, < and > are special. */
export function esc(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

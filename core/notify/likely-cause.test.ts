// The investigation's likely cause in the pager and chat payloads (docs/DDX.md "Investigation at fire time").
import { describe, expect, it } from "vitest";
import { dedupKey } from "./fingerprint";
import { pagerDutyEvent } from "./pagerduty";
import { pushMessage } from "./push";
import { slackMessage } from "./slack";
import type { NotificationContext } from "./types";

const ctx = (over: Partial<NotificationContext> = {}): NotificationContext => ({
  kind: "update",
  monitor: { id: "mon_1", slug: "checkout", name: "Checkout error rate" },
  alertId: "mon_1-a1",
  signalKey: 'region="us-east-1"',
  labels: { region: "us-east-1", monitor: "checkout", severity: "critical", alertname: "Checkout error rate" },
  severity: "critical",
  value: 0.072,
  startedAt: Date.UTC(2026, 0, 1, 2, 14),
  resolvedAt: null,
  annotations: {},
  alertUrl: "https://vigil.example/alerts/mon_1-a1",
  at: Date.UTC(2026, 0, 1, 2, 17),
  likelyCause: {
    text: "deployment.version=v3.41.0 (Deploy: checkout-service v3.41.0, 2 min before)",
    url: "https://vigil.example/changes?from=1&to=2",
  },
  ...over,
});

describe("likely cause in notifications", () => {
  it("PagerDuty: an update re-triggers on the same dedup_key with the cause in custom_details and a link", () => {
    const body = pagerDutyEvent(ctx(), { routingKey: "R" }).body as any;
    expect(body.event_action).toBe("trigger");
    expect(body.dedup_key).toBe(dedupKey("mon_1", 'region="us-east-1"'));
    expect(body.payload.custom_details.likely_cause).toBe(ctx().likelyCause!.text);
    expect(body.payload.custom_details.update).toBe(true);
    expect(body.links).toContainEqual({
      href: "https://vigil.example/changes?from=1&to=2",
      text: `Likely cause: ${ctx().likelyCause!.text}`,
    });
    const plain = pagerDutyEvent(ctx({ kind: "trigger", likelyCause: undefined }), { routingKey: "R" }).body as any;
    expect(plain.payload.custom_details).not.toHaveProperty("likely_cause");
    expect(plain.payload.custom_details).not.toHaveProperty("update");
    expect(plain.links).toHaveLength(1);
  });

  it("Slack: a line with the cause as a link, escaped", () => {
    const msg = slackMessage(ctx({ likelyCause: { text: "endpoint=/a<b>", url: "https://v.example/ddx" } }), {
      webhookUrl: "https://hooks.example",
    }).body as any;
    const details = msg.blocks[1].text.text as string;
    expect(details).toContain("*Likely cause*: <https://v.example/ddx|endpoint=/a&lt;b&gt;>");
    expect(msg.text).toContain("[CRITICAL]");
  });

  it("Web Push: an update replaces the page (same tag) and its body says the cause", () => {
    const m = pushMessage(ctx());
    expect(m.payload.kind).toBe("repeat");
    expect(m.payload.tag).toBe(pushMessage(ctx({ kind: "trigger" })).payload.tag);
    expect(m.payload.body).toContain("Likely cause: deployment.version=v3.41.0");
    expect(pushMessage(ctx({ kind: "trigger", likelyCause: undefined })).payload.body).not.toContain("Likely cause");
  });
});

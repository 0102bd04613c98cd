import { describe, expect, it } from "vitest";
import { alertmanagerWebhook, ZERO_TIME } from "./alertmanager";
import { dedupKey, fingerprint } from "./fingerprint";
import { pagerDutyEvent } from "./pagerduty";
import { slackMessage } from "./slack";
import type { NotificationContext } from "./types";

const ctx = (over: Partial<NotificationContext> = {}): NotificationContext => ({
  kind: "trigger",
  monitor: { id: "mon_1", slug: "checkout-error-budget-burn", name: "Checkout error budget burn" },
  alertId: "mon_1-a1",
  signalKey: 'environment="production",region="us-east-1"',
  labels: {
    environment: "production",
    region: "us-east-1",
    monitor: "checkout-error-budget-burn",
    severity: "critical",
    alertname: "Checkout error budget burn",
  },
  severity: "critical",
  value: 0.0723,
  startedAt: Date.UTC(2026, 0, 1, 2, 14),
  resolvedAt: null,
  annotations: { runbook: "https://runbooks.example/checkout", summary: "error rate 7.2%" },
  alertUrl: "https://vigil.example/alerts/mon_1-a1",
  at: Date.UTC(2026, 0, 1, 2, 17),
  ...over,
});

describe("fingerprint", () => {
  it("is Alertmanager's FNV-1a: the empty set is the offset basis, label order does not matter", () => {
    expect(fingerprint({})).toBe("cbf29ce484222325");
    expect(fingerprint({ a: "1", b: "2" })).toBe(fingerprint({ b: "2", a: "1" }));
    expect(fingerprint({ a: "1", b: "2" })).not.toBe(fingerprint({ a: "12" }));
    expect(fingerprint({ a: "x" })).toMatch(/^[0-9a-f]{16}$/);
  });
  it("dedup keys are stable per monitor+signal and differ across signals", () => {
    expect(dedupKey("m", "s1")).toBe(dedupKey("m", "s1"));
    expect(dedupKey("m", "s1")).not.toBe(dedupKey("m", "s2"));
    expect(dedupKey("m", "s1")).not.toBe(dedupKey("n", "s1"));
  });
});

describe("PagerDuty Events v2", () => {
  it("triggers with severity, summary, links to the alert page and the configured URL", () => {
    const req = pagerDutyEvent(ctx(), { routingKey: "R123", eventsUrl: "http://127.0.0.1:18401/v2/enqueue" });
    expect(req.url).toBe("http://127.0.0.1:18401/v2/enqueue");
    const body = req.body as any;
    expect(body).toMatchObject({
      routing_key: "R123",
      event_action: "trigger",
      dedup_key: dedupKey("mon_1", ctx().signalKey),
    });
    expect(body.payload.severity).toBe("critical");
    expect(body.payload.summary).toContain("region=us-east-1");
    expect(body.payload.summary).toContain("0.0723");
    expect(body.links[0]).toEqual({ href: "https://vigil.example/alerts/mon_1-a1", text: "Alert in Vigil" });
    expect(body.links.some((l: any) => l.href === "https://runbooks.example/checkout")).toBe(true);
  });
  it("resolves with the same dedup_key and nothing else", () => {
    const body = pagerDutyEvent(ctx({ kind: "resolve" }), { routingKey: "R" }).body as any;
    expect(Object.keys(body).sort()).toEqual(["dedup_key", "event_action", "routing_key"]);
    expect(body.event_action).toBe("resolve");
    expect(body.dedup_key).toBe(dedupKey("mon_1", ctx().signalKey));
  });
  it("maps warning to warning", () => {
    expect((pagerDutyEvent(ctx({ severity: "warning" }), { routingKey: "R" }).body as any).payload.severity).toBe(
      "warning",
    );
  });
});

describe("Slack and Alertmanager webhooks", () => {
  it("Slack escapes mrkdwn specials and links to Vigil", () => {
    const body = slackMessage(ctx({ annotations: { note: "<script>&" } }), { webhookUrl: "http://x" }).body as any;
    expect(body.text).toContain("[CRITICAL]");
    expect(JSON.stringify(body)).not.toContain("<script>");
    expect(body.blocks[0].text.text).toContain("|Open in Vigil>");
  });
  it("Alertmanager v4 carries status, labels, fingerprint and zero endsAt while firing", () => {
    const body = alertmanagerWebhook(ctx(), {
      url: "http://x",
      receiver: "pager",
      externalUrl: "https://vigil.example",
    }).body as any;
    expect(body.version).toBe("4");
    expect(body.status).toBe("firing");
    expect(body.alerts[0]).toMatchObject({
      status: "firing",
      endsAt: ZERO_TIME,
      fingerprint: fingerprint(ctx().labels),
      startsAt: "2026-01-01T02:14:00.000Z",
    });
    const resolved = alertmanagerWebhook(ctx({ kind: "resolve", resolvedAt: Date.UTC(2026, 0, 1, 2, 50) }), {
      url: "http://x",
      receiver: "p",
      externalUrl: "",
    }).body as any;
    expect(resolved.alerts[0].endsAt).toBe("2026-01-01T02:50:00.000Z");
    expect(resolved.status).toBe("resolved");
  });
});

describe("broken monitors, flapping and links in notifications", () => {
  it("a broken monitor's page says it cannot evaluate and why", () => {
    const body = pagerDutyEvent(ctx({ broken: { error: "query timed out" }, value: null }), { routingKey: "R" })
      .body as any;
    expect(body.payload.summary).toBe("Monitor broken: Checkout error budget burn cannot evaluate: query timed out");
    expect(body.payload.custom_details.monitor_error).toBe("query timed out");
    const slack = slackMessage(ctx({ broken: { error: "query timed out" } }), { webhookUrl: "http://x" }).body as any;
    expect(slack.text).toContain("Monitor broken: Checkout error budget burn cannot evaluate: query timed out");
  });

  it("a flapping page is marked as such on every channel", () => {
    const c = ctx({ flapping: true });
    expect((pagerDutyEvent(c, { routingKey: "R" }).body as any).payload.summary).toMatch(/^\[flapping\] /);
    expect((pagerDutyEvent(c, { routingKey: "R" }).body as any).payload.custom_details.flapping).toBe(true);
    expect((slackMessage(c, { webhookUrl: "http://x" }).body as any).text).toContain("[flapping]");
    const am = alertmanagerWebhook(c, { url: "http://x", receiver: "p", externalUrl: "" }).body as any;
    expect(am.alerts[0].annotations.flapping).toBe("true");
  });

  it("annotation links: external as written, same-origin paths on Vigil's URL, //host external and spelled out", () => {
    const body = pagerDutyEvent(
      ctx({
        baseUrl: "http://127.0.0.1:18787",
        annotations: { runbook: "https://runbooks.example/c", dashboard: "/dashboards/d_1", evil: "//evil.example/p" },
      }),
      { routingKey: "R" },
    ).body as any;
    expect(body.links.slice(1)).toEqual([
      { href: "https://runbooks.example/c", text: "runbook" },
      { href: "http://127.0.0.1:18787/dashboards/d_1", text: "dashboard" },
      { href: "https://evil.example/p", text: "evil" },
    ]);
  });
});

describe("a page per incident", () => {
  const incident = {
    id: "inc_7",
    title: "service=checkout: Checkout errors",
    url: "https://vigil.example/incidents/inc_7",
  };
  const pd = { routingKey: "R" };

  it("is keyed by the incident on every channel, and names and links it", () => {
    const trigger = pagerDutyEvent(ctx({ incident }), pd).body as any;
    expect(trigger.dedup_key).toBe("inc_7");
    expect(trigger.payload.summary).toMatch(/^Incident service=checkout: Checkout errors: Checkout error budget burn/);
    expect(trigger.links[0]).toEqual({ href: incident.url, text: "Incident in Vigil" });
    expect(trigger.payload.custom_details.incident).toEqual(incident);
    for (const kind of ["acknowledge", "resolve"] as const)
      expect(pagerDutyEvent(ctx({ kind, incident }), pd).body).toEqual({
        routing_key: "R",
        event_action: kind,
        dedup_key: "inc_7",
      });
    const slack = slackMessage(ctx({ incident }), { webhookUrl: "https://hooks.slack.test/x" }).body as any;
    expect(slack.text).toContain("[CRITICAL] Incident service=checkout: Checkout errors: ");
    expect(slack.blocks[0].text.text).toContain(`<${incident.url}|Open the incident in Vigil>`);
    const am = alertmanagerWebhook(ctx({ incident }), { url: "u", receiver: "r", externalUrl: "e" }).body as any;
    expect(am.groupKey).toBe('{}:{incident="inc_7"}');
  });

  it("leaves a per-alert page exactly as it was", () => {
    for (const kind of ["trigger", "resolve", "acknowledge"] as const) {
      const plain = ctx({ kind });
      const withField = { ...plain, incident: undefined };
      expect(JSON.stringify(pagerDutyEvent(withField, pd))).toBe(JSON.stringify(pagerDutyEvent(plain, pd)));
      expect(pagerDutyEvent(plain, pd).body).toMatchObject({ dedup_key: dedupKey("mon_1", plain.signalKey) });
      expect(JSON.stringify(slackMessage(withField, { webhookUrl: "w" }))).toBe(
        JSON.stringify(slackMessage(plain, { webhookUrl: "w" })),
      );
    }
  });
});

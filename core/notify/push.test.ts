import { describe, expect, it } from "vitest";
import { defaultPushPreferences, pushPreferencesSchema } from "../contracts/push";
import { inQuietHours, localMinutes, MAX_PUSH_PAYLOAD, pushDecision, pushMessage } from "./push";
import type { NotificationContext } from "./types";

const ctx = (over: Partial<NotificationContext> = {}): NotificationContext => ({
  kind: "trigger",
  monitor: { id: "mon_1", slug: "checkout-burn", name: "Checkout burn", team: "Payments" },
  alertId: "al_1",
  signalKey: "k",
  labels: { service: "checkout", monitor: "checkout-burn", severity: "critical", alertname: "Checkout burn" },
  severity: "critical",
  value: 0.0425,
  startedAt: 0,
  resolvedAt: null,
  annotations: { summary: "5xx above budget" },
  alertUrl: "https://vigil.example/alerts/al_1",
  at: Date.UTC(2026, 0, 15, 3, 0),
  ...over,
});

describe("push message", () => {
  it("names the alert, the signal, the value and the team; critical is urgent, resolve is not", () => {
    const m = pushMessage(ctx());
    expect(m.payload).toMatchObject({
      title: "Critical: Checkout burn",
      tag: "vigil-alert-al_1",
      signal: "service=checkout",
    });
    expect(m.payload.body).toContain("service=checkout");
    expect(m.payload.body).toContain("5xx above budget");
    expect(m.payload.body).toContain("Team: Payments");
    expect(m.urgency).toBe("high");
    const r = pushMessage(ctx({ kind: "resolve" }));
    expect(r.payload.title).toBe("Resolved: Checkout burn");
    expect(r.payload.tag).toBe(m.payload.tag);
    expect(r.urgency).toBe("low");
    expect(pushMessage(ctx({ severity: "warning" })).urgency).toBe("normal");
  });

  it("fits huge annotations into what push services accept", () => {
    const m = pushMessage(ctx({ annotations: { summary: "é".repeat(20_000) }, labels: { x: "y".repeat(9000) } }));
    expect(new TextEncoder().encode(JSON.stringify(m.payload)).byteLength).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD);
    expect(m.payload.title).toBe("Critical: Checkout burn");
  });
});

describe("quiet hours", () => {
  const night = { start: "22:00", end: "07:00" };
  it("are read in the person's own zone and may span midnight", () => {
    const t = Date.UTC(2026, 0, 15, 3, 0); // 03:00 UTC = 12:00 in Tokyo, 22:00 the day before in New York
    expect(localMinutes(t, "Asia/Tokyo")).toBe(12 * 60);
    expect(localMinutes(t, "America/New_York")).toBe(22 * 60);
    expect(inQuietHours(t, "America/New_York", night)).toBe(true);
    expect(inQuietHours(t, "Asia/Tokyo", night)).toBe(false);
    expect(inQuietHours(t, "UTC", night)).toBe(true);
    expect(inQuietHours(t, "Asia/Tokyo", { start: "09:00", end: "17:00" })).toBe(true);
    expect(inQuietHours(t, "Asia/Tokyo", { start: "12:01", end: "17:00" })).toBe(false);
    expect(inQuietHours(t, "Not/AZone", night)).toBe(true); // unknown zone: UTC
    expect(inQuietHours(t, "UTC", { start: "05:00", end: "05:00" })).toBe(false);
  });

  it("hold a warning but not a critical page or a resolve; severities filter", () => {
    const prefs = { severities: ["critical", "warning"] as const, quietHours: night };
    const p = { ...prefs, severities: [...prefs.severities] };
    const at = Date.UTC(2026, 0, 15, 23, 30);
    expect(pushDecision(p, "UTC", { severity: "warning", kind: "trigger", at })).toBe("quiet");
    expect(pushDecision(p, "UTC", { severity: "critical", kind: "trigger", at })).toBe("send");
    expect(pushDecision(p, "UTC", { severity: "warning", kind: "resolve", at })).toBe("send");
    expect(pushDecision(p, "Asia/Tokyo", { severity: "warning", kind: "trigger", at })).toBe("send");
    expect(
      pushDecision({ ...p, severities: ["critical"] }, "UTC", { severity: "warning", kind: "trigger", at: 0 }),
    ).toBe("severity");
    expect(pushDecision(defaultPushPreferences, "UTC", { severity: "warning", kind: "trigger", at })).toBe("send");
  });

  it("preferences are validated", () => {
    expect(
      pushPreferencesSchema.safeParse({ severities: ["critical"], quietHours: { start: "24:00", end: "07:00" } })
        .success,
    ).toBe(false);
    expect(pushPreferencesSchema.safeParse({ severities: ["fatal"], quietHours: null }).success).toBe(false);
    expect(pushPreferencesSchema.parse({ severities: ["warning", "warning"], quietHours: null }).severities).toEqual([
      "warning",
    ]);
  });

  it("an acknowledgement replaces the page quietly and says who", () => {
    const m = pushMessage(ctx({ kind: "acknowledge", ack: { by: "maya", comment: "rolling back" } }));
    expect(m.payload).toMatchObject({
      kind: "repeat",
      tag: "vigil-alert-al_1",
      title: "Acknowledged by @maya: Checkout burn",
    });
    expect(m.urgency).toBe("normal");
  });
});

import { describe, expect, it } from "vitest";
import {
  clientMessageSchema,
  durationMs,
  monitorInputSchema,
  muteInputSchema,
  serverMessageSchema,
  topicSchema,
} from "./alerting";

describe("alerting contracts", () => {
  it("durations: strings, seconds, zero; clear message otherwise", () => {
    expect(durationMs.parse("3m")).toBe(180_000);
    expect(durationMs.parse(90)).toBe(90_000);
    expect(durationMs.parse("0")).toBe(0);
    const bad = durationMs.safeParse("3 minutes");
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].message).toMatch(/not a duration like 30s/);
    expect(durationMs.safeParse(-1).success).toBe(false);
  });

  // No-data used to default to "ok" (absence resolved a firing alert); issue 17 makes "nodata" the default.
  it("monitor input defaults: 60 s interval, 1 h repeat, one signal per monitor, no-data nodata, flapping off", () => {
    const m = monitorInputSchema.parse({
      name: "x",
      query: "up",
      conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
    });
    expect(m).toMatchObject({
      intervalSeconds: 60,
      repeatInterval: 3_600_000,
      signals: { mode: "monitor" },
      noData: "nodata",
      flapping: { enabled: false, changes: 6, window: 3_600_000 },
      channels: [],
      enabled: true,
    });
    const base = { name: "x", query: "up", conditions: [{ severity: "critical", operator: ">", threshold: 1 }] };
    for (const noData of ["nodata", "ok", "keep", "alerting"])
      expect(monitorInputSchema.parse({ ...base, noData }).noData).toBe(noData);
    expect(monitorInputSchema.safeParse({ ...base, noData: "resolve" }).success).toBe(false);
    expect(monitorInputSchema.parse({ ...base, flapping: { enabled: true, window: "30m" } }).flapping).toEqual({
      enabled: true,
      changes: 6,
      window: 1_800_000,
    });
    const unbounded = monitorInputSchema.safeParse({ ...base, flapping: { enabled: true, window: "1d" } });
    expect(unbounded.error?.issues[0].message).toMatch(/between 1m and 6h/);
    expect(monitorInputSchema.safeParse({ ...base, flapping: { enabled: true, changes: 1 } }).success).toBe(false);
    expect(m.conditions[0]).toMatchObject({ sustain: 0, resolveWindow: 0 });
    const two = monitorInputSchema.safeParse({
      name: "x",
      query: "up",
      conditions: [
        { severity: "critical", operator: ">", threshold: 1 },
        { severity: "critical", operator: ">", threshold: 2 },
      ],
    });
    expect(two.error?.issues[0].message).toMatch(/one condition per severity/);
  });

  it("mute input needs a target and an end", () => {
    expect(muteInputSchema.safeParse({ duration: "1h" }).success).toBe(false);
    expect(muteInputSchema.parse({ monitorId: "m", duration: "1h" })).toMatchObject({
      monitorId: "m",
      duration: 3_600_000,
      matchers: [],
    });
    expect(
      muteInputSchema.parse({
        matchers: [{ name: "monitor", op: "=~", value: "checkout.*" }],
        endsAt: "2026-01-01T00:00:00Z",
      }).endsAt,
    ).toBe(Date.parse("2026-01-01T00:00:00Z"));
  });

  it("live frames are validated both ways", () => {
    for (const t of ["alerts", "changes", "comments", "mutes", "monitor:mon_abc-1"])
      expect(topicSchema.safeParse(t).success).toBe(true);
    for (const t of ["monitor:", "secrets", "monitor:a/b"]) expect(topicSchema.safeParse(t).success).toBe(false);
    expect(clientMessageSchema.safeParse({ type: "subscribe", topics: ["alerts"] }).success).toBe(true);
    expect(clientMessageSchema.safeParse({ type: "subscribe", topics: [] }).success).toBe(false);
    expect(clientMessageSchema.safeParse({ type: "exec", cmd: "x" }).success).toBe(false);
    expect(
      serverMessageSchema.safeParse({
        type: "event",
        id: 3,
        topic: "alerts",
        at: 1,
        event: { kind: "alert.transition", data: {} },
      }).success,
    ).toBe(true);
    expect(
      serverMessageSchema.safeParse({ type: "event", id: 0, topic: "alerts", at: 1, event: { kind: "x", data: {} } })
        .success,
    ).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import {
  changeConcerns,
  changeEntries,
  type ContextChange,
  type ContextMute,
  contextWindow,
  LOOKBACK_MS,
  MAX_CONTEXT_ENTRIES,
  muteEntries,
  newest,
  servicesOf,
} from "./incident-context";

const T0 = Date.UTC(2026, 11, 4, 2, 0);
const MIN = 60_000;
const alert = { monitorId: "m1", labels: { service: "checkout", environment: "production", severity: "critical" } };
const w = { from: T0 - LOOKBACK_MS, to: T0 + 60 * MIN };

const change = (over: Partial<ContextChange>): ContextChange => ({
  id: "chg_1",
  title: "Deploy checkout v42",
  source: "GitHub",
  category: "deploys",
  type: "deploy",
  happenedAt: T0 - 5 * MIN,
  labels: { service: "checkout", environment: "production" },
  ...over,
});

const mute = (over: Partial<ContextMute>): ContextMute => ({
  id: "mute_1",
  matchers: [{ name: "service", op: "=", value: "checkout" }],
  monitorId: null,
  startsAt: T0 + 10 * MIN,
  endsAt: T0 + 70 * MIN,
  comment: "known, rolling back",
  createdBy: "u_alice",
  createdAt: T0 + 10 * MIN,
  deletedAt: null,
  deletedBy: null,
  ...over,
});

describe("the window around an incident", () => {
  it("runs from 30 min before the earliest alert start to its resolution, or now while open", () => {
    const alerts = [
      { startedAt: T0 + 5 * MIN, firingAt: T0 + 6 * MIN },
      { startedAt: T0, firingAt: T0 + MIN },
    ];
    expect(contextWindow({ openedAt: T0 + MIN, resolvedAt: null }, alerts, T0 + 2 * 3600_000)).toEqual({
      from: T0 - LOOKBACK_MS,
      to: T0 + 2 * 3600_000,
    });
    expect(contextWindow({ openedAt: T0 + MIN, resolvedAt: T0 + 50 * MIN }, alerts, T0 + 9e9)).toEqual({
      from: T0 - LOOKBACK_MS,
      to: T0 + 50 * MIN,
    });
    // Opened by hand without alerts: from its opening.
    expect(contextWindow({ openedAt: T0, resolvedAt: null }, [], T0 + MIN).from).toBe(T0 - LOOKBACK_MS);
  });
});

describe("changes around an incident", () => {
  it("a change concerns an alert of the same service unless they disagree on where", () => {
    expect(changeConcerns({ service: "checkout" }, alert.labels)).toBe(true);
    expect(changeConcerns({ "service.name": "checkout", env: "production" }, alert.labels)).toBe(true);
    expect(changeConcerns({ service: "payments" }, alert.labels)).toBe(false);
    expect(changeConcerns({ environment: "production" }, alert.labels)).toBe(false);
    expect(changeConcerns({ service: "checkout", environment: "staging" }, alert.labels)).toBe(false);
    expect(changeConcerns({ service: "checkout", "deployment.environment": "staging" }, alert.labels)).toBe(false);
    expect(changeConcerns({ service: "checkout", region: "eu" }, { ...alert.labels, region: "us" })).toBe(false);
    expect(servicesOf([alert, { labels: { service_name: "cart" } }, { labels: {} }])).toEqual(["checkout", "cart"]);
  });

  it("keeps changes inside the window that concern an alert, one entry each, not Vigil's own records", () => {
    const entries = changeEntries(
      [
        change({ id: "in" }),
        change({ id: "other-service", labels: { service: "payments" } }),
        change({ id: "staging", labels: { service: "checkout", environment: "staging" } }),
        change({ id: "long-before", happenedAt: T0 - LOOKBACK_MS - 1 }),
        change({ id: "after", happenedAt: w.to + 1 }),
        change({ id: "alert-record", category: "alerts" }),
        change({ id: "edge", happenedAt: w.from }),
      ],
      [alert],
      w,
    );
    expect(entries.map((e) => e.data.id)).toEqual(["in", "edge"]);
    expect(entries[0]).toEqual({
      at: T0 - 5 * MIN,
      kind: "change",
      by: null,
      data: {
        id: "in",
        title: "Deploy checkout v42",
        category: "deploys",
        type: "deploy",
        source: "GitHub",
        service: "checkout",
        environment: "production",
      },
    });
  });
});

describe("mutes around an incident", () => {
  const now = T0 + 120 * MIN;
  it("a mute made on the alert: created by whom with its comment, then its expiry inside the window", () => {
    const e = muteEntries([mute({ endsAt: T0 + 40 * MIN })], [alert], w, now);
    expect(e.map((x) => [x.kind, x.at, x.by])).toEqual([
      ["mute", T0 + 10 * MIN, "u_alice"],
      ["mute_expired", T0 + 40 * MIN, null],
    ]);
    expect(e[0].data).toMatchObject({ id: "mute_1", comment: "known, rolling back", endsAt: T0 + 40 * MIN });
    expect(e[0].data.matchers).toEqual([{ name: "service", op: "=", value: "checkout" }]);
  });

  it("a deletion is its own entry with who deleted it; a mute deleted before the window is not there", () => {
    const deleted = mute({ deletedAt: T0 + 20 * MIN, deletedBy: "u_bob" });
    expect(muteEntries([deleted], [alert], w, now).map((x) => [x.kind, x.by])).toEqual([
      ["mute", "u_alice"],
      ["mute_deleted", "u_bob"],
    ]);
    const gone = mute({ createdAt: T0 - 90 * MIN, startsAt: T0 - 90 * MIN, deletedAt: w.from - 1 });
    expect(muteEntries([gone], [alert], w, now)).toEqual([]);
  });

  it("a mute made before the window and active in it shows at its creation time; an expired one does not", () => {
    const before = mute({ createdAt: T0 - 3 * 86_400_000, startsAt: T0 - 3 * 86_400_000, endsAt: T0 + 86_400_000 });
    expect(muteEntries([before], [alert], w, now).map((x) => [x.kind, x.at])).toEqual([["mute", before.createdAt]]);
    const over = mute({ createdAt: T0 - 3 * 86_400_000, startsAt: T0 - 3 * 86_400_000, endsAt: w.from - 1 });
    expect(muteEntries([over], [alert], w, now)).toEqual([]);
  });

  it("only mutes that match an alert; one made in the window ahead of its start counts; none made after", () => {
    const other = mute({ matchers: [{ name: "service", op: "=", value: "payments" }] });
    const ahead = mute({ id: "ahead", startsAt: w.to + 60 * MIN, endsAt: w.to + 120 * MIN });
    const later = mute({ id: "later", createdAt: w.to + 1, startsAt: w.to + 1 });
    const onMonitor = mute({ id: "mon", matchers: [], monitorId: "m1" });
    const ids = muteEntries([other, ahead, later, onMonitor], [alert], w, now).map((x) => x.data.id);
    expect(ids).toEqual(["ahead", "mon"]);
  });
});

describe("bounding", () => {
  it("keeps the newest entries, oldest first, and says it cut", () => {
    const many = Array.from({ length: MAX_CONTEXT_ENTRIES + 7 }, (_, i) => ({
      at: T0 + (MAX_CONTEXT_ENTRIES + 7 - i) * MIN,
      kind: "change",
      by: null,
      data: { id: `c${i}` },
    }));
    const { entries, cut } = newest(many);
    expect(cut).toBe(true);
    expect(entries).toHaveLength(MAX_CONTEXT_ENTRIES);
    expect(entries[0].at).toBe(T0 + 8 * MIN);
    expect(entries.at(-1)?.at).toBe(T0 + (MAX_CONTEXT_ENTRIES + 7) * MIN);
    expect(newest(many.slice(0, 3))).toEqual({ entries: many.slice(0, 3), cut: false });
  });
});

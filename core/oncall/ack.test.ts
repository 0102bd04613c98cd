import { describe, expect, it } from "vitest";
import type { SignalSeverityState } from "../alerting/types";
import { type Ack, ackFor, ackTarget, reconcileAcks } from "./ack";

const entry = (over: Partial<SignalSeverityState>): SignalSeverityState => ({
  signalKey: "s1",
  labels: {},
  severity: "warning",
  state: "firing",
  alertId: "a1",
  activeAt: 0,
  firingAt: 0,
  clearSince: null,
  resolvedAt: null,
  lastValue: 1,
  lastEvalAt: 0,
  changes: [],
  flapping: false,
  ...over,
});
const ack: Ack = {
  alertId: "a1",
  signalKey: "s1",
  severity: "warning",
  by: { id: "u1", handle: "ana", name: "Ana" },
  at: 5,
  comment: "looking",
};

describe("acknowledgements", () => {
  it("targets only an open page", () => {
    expect(ackTarget([entry({})], "a1")?.alertId).toBe("a1");
    expect(ackTarget([entry({ state: "pending" })], "a1")).toBeNull();
    expect(ackTarget([entry({ state: "resolved" })], "a1")).toBeNull();
    expect(ackTarget([entry({})], "other")).toBeNull();
  });

  it("is kept while the acknowledged severity fires", () => {
    const r = reconcileAcks({ s1: ack }, new Map([["s1", [entry({})]]]));
    expect(r.acks).toEqual({ s1: ack });
    expect(r.cleared).toEqual([]);
  });

  it("clears on resolve and when the signal's entries are gone", () => {
    expect(reconcileAcks({ s1: ack }, new Map([["s1", [entry({ state: "resolved" })]]])).cleared).toEqual([
      { ack, reason: "resolved" },
    ]);
    expect(reconcileAcks({ s1: ack }, new Map()).cleared[0].reason).toBe("resolved");
  });

  it("clears on an escalation, not on a lower severity", () => {
    const both = [entry({}), entry({ severity: "critical", alertId: "a2" })];
    expect(reconcileAcks({ s1: ack }, new Map([["s1", both]])).cleared[0].reason).toBe("escalated");
    const crit = { ...ack, severity: "critical" as const };
    const r = reconcileAcks({ s1: crit }, new Map([["s1", both]]));
    expect(r.cleared).toEqual([]);
  });

  it("shows on the signal's open entries only", () => {
    expect(ackFor({ s1: ack }, entry({}))).toBe(ack);
    expect(ackFor({ s1: ack }, entry({ state: "resolved" }))).toBeNull();
    expect(ackFor({ s1: ack }, entry({ signalKey: "s2" }))).toBeNull();
  });
});

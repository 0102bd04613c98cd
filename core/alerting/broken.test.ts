// Evaluation errors: a monitor that keeps failing raises its own alert; signal overflow is such an error.
import { describe, expect, it } from "vitest";
import { BROKEN_AFTER_FAILURES, BROKEN_LABELS, evaluateFailure } from "./broken";
import { evaluate, MAX_SIGNALS } from "./evaluate";
import { BROKEN_SIGNAL, emptyState, type EvalSpec, type MonitorState, type Transition } from "./types";

const spec: EvalSpec = {
  monitorId: "m1",
  conditions: [
    { severity: "warning", operator: ">", threshold: 5, sustainMs: 0, resolveWindowMs: 0 },
    { severity: "critical", operator: ">", threshold: 10, sustainMs: 0, resolveWindowMs: 0 },
  ],
  signalBy: { mode: "series" },
  noData: "nodata",
  flapThreshold: 0,
  flapWindowMs: 3600_000,
};

describe("monitor broken", () => {
  it("fires after consecutive failures at the monitor's top severity, resolves at the first clean check", () => {
    let st: MonitorState = emptyState();
    const ts: Transition[] = [];
    for (let i = 0; i < BROKEN_AFTER_FAILURES; i++) {
      const r = evaluateFailure(spec, st, `boom ${i}`, i * 15_000);
      st = r.state;
      ts.push(...r.transitions);
      if (i < BROKEN_AFTER_FAILURES - 1) expect(r.transitions).toEqual([]);
    }
    expect(st.failures).toBe(BROKEN_AFTER_FAILURES);
    expect(st.failingSince).toBe(0);
    expect(ts.map((t) => [t.signalKey, t.to, t.severity])).toEqual([[BROKEN_SIGNAL, "firing", "critical"]]);
    expect(ts[0].labels).toEqual(BROKEN_LABELS);
    const broken = Object.values(st.entries).find((e) => e.signalKey === BROKEN_SIGNAL)!;
    expect(broken.lastError).toBe(`boom ${BROKEN_AFTER_FAILURES - 1}`);
    expect(broken.activeAt).toBe(0);
    // More failures: still one alert, its error updated.
    st = evaluateFailure(spec, st, "still broken", 100_000).state;
    expect(Object.values(st.entries).filter((e) => e.signalKey === BROKEN_SIGNAL)).toHaveLength(1);
    const ok = evaluate(spec, st, [], 115_000);
    expect(ok.transitions.map((t) => [t.signalKey, t.from, t.to])).toEqual([[BROKEN_SIGNAL, "firing", "resolved"]]);
    expect(ok.state.failures).toBe(0);
    expect(ok.state.failingSince).toBeNull();
  });

  it("a failure leaves the signals' own alerts exactly as they were (an error is not no data)", () => {
    const firing = evaluate(spec, emptyState(), [{ labels: { pod: "a" }, value: 20 }], 0).state;
    const after = evaluateFailure(spec, firing, "timeout", 15_000);
    expect(after.transitions).toEqual([]);
    const signal = (s: MonitorState) => Object.values(s.entries).filter((e) => e.signalKey !== BROKEN_SIGNAL);
    expect(signal(after.state)).toEqual(signal(firing));
  });

  it("one failure between clean checks raises nothing", () => {
    let st = evaluateFailure(spec, emptyState(), "x", 0).state;
    st = evaluate(spec, st, [], 15_000).state;
    st = evaluateFailure(spec, st, "x", 30_000).state;
    expect(st.failures).toBe(1);
    expect(Object.keys(st.entries)).toEqual([]);
  });
});

describe("signal overflow is an evaluation error", () => {
  it("new breaching signals past the limit are counted and reported, tracked ones keep being evaluated", () => {
    const samples = Array.from({ length: MAX_SIGNALS + 7 }, (_, i) => ({ labels: { pod: `p${i}` }, value: 6 }));
    const r = evaluate({ ...spec, conditions: [spec.conditions[0]] }, emptyState(), samples, 0);
    expect(Object.keys(r.state.entries)).toHaveLength(MAX_SIGNALS);
    expect(r.overflow).toBe(7);
    expect(r.error).toMatch(/more signals than the limit of 2000 per monitor: 7 new/);
    expect(r.state.failures).toBe(1);
    // Below-threshold series do not count: they are not tracked at all.
    const quiet = evaluate(
      spec,
      emptyState(),
      samples.map((s) => ({ ...s, value: 1 })),
      0,
    );
    expect(quiet.overflow).toBe(0);
    expect(quiet.error).toBeNull();
  });

  it("an overflow that persists raises the monitor-broken alert like any other evaluation error", () => {
    const samples = Array.from({ length: MAX_SIGNALS + 1 }, (_, i) => ({ labels: { pod: `p${i}` }, value: 6 }));
    const sp = { ...spec, conditions: [spec.conditions[0]] };
    let st = emptyState();
    const ts: Transition[] = [];
    for (let i = 0; i < BROKEN_AFTER_FAILURES; i++) {
      const r = evaluate(sp, st, samples, i * 15_000);
      st = r.state;
      ts.push(...r.transitions.filter((t) => t.signalKey === BROKEN_SIGNAL));
    }
    expect(ts.map((t) => [t.to, t.severity])).toEqual([["firing", "warning"]]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate";
import { emptyState, type Condition, type EvalSpec, type MonitorState, type Sample, type Transition } from "./types";

const crit = (over: Partial<Condition> = {}): Condition => ({
  severity: "critical",
  operator: ">",
  threshold: 0.05,
  sustainMs: 180_000,
  resolveWindowMs: 0,
  ...over,
});
const spec = (over: Partial<EvalSpec> = {}): EvalSpec => ({
  monitorId: "m1",
  conditions: [crit()],
  signalBy: { mode: "labels", keys: ["environment", "region"] },
  noData: "ok",
  flapThreshold: 100,
  flapWindowMs: 3600_000,
  ...over,
});
const east = { environment: "production", region: "us-east-1", pod: "a" };
const west = { environment: "production", region: "us-west-2", pod: "b" };

/** Run checks every `step` ms from t=0, feeding samples(t). */
function run(sp: EvalSpec, checks: number, samples: (t: number) => Sample[], step = 15_000) {
  let st: MonitorState = emptyState();
  const all: Transition[] = [];
  for (let i = 0; i < checks; i++) {
    const r = evaluate(sp, st, samples(i * step), i * step);
    st = r.state;
    all.push(...r.transitions);
  }
  return { state: st, transitions: all };
}

describe("evaluate: sustain and resolve window", () => {
  it("goes pending at the first breach and fires once the breach has held for the sustain", () => {
    const { transitions } = run(spec(), 14, () => [{ labels: east, value: 0.072 }]);
    expect(transitions.map((t) => [t.from, t.to, t.at])).toEqual([
      ["ok", "pending", 0],
      ["pending", "firing", 180_000],
    ]);
    expect(transitions[1].labels).toEqual({ environment: "production", region: "us-east-1" });
    expect(transitions[1].alertId).toBe(transitions[0].alertId);
  });

  it("sustain 0 fires at the first breaching check", () => {
    const { transitions } = run(spec({ conditions: [crit({ sustainMs: 0 })] }), 1, () => [
      { labels: east, value: 0.2 },
    ]);
    expect(transitions.map((t) => t.to)).toEqual(["firing"]);
  });

  it("a pending breach that clears goes back to ok and never fires", () => {
    const { transitions } = run(spec(), 20, (t) => [{ labels: east, value: t < 60_000 ? 0.1 : 0.001 }]);
    expect(transitions.map((t) => t.to)).toEqual(["pending", "ok"]);
  });

  it("keeps firing through a clear shorter than the resolve window, resolves after it", () => {
    const sp = spec({ conditions: [crit({ sustainMs: 0, resolveWindowMs: 60_000 })] });
    const value = (t: number) => (t < 30_000 ? 0.1 : t < 60_000 ? 0.0 : t < 75_000 ? 0.1 : 0.0);
    const { transitions } = run(sp, 20, (t) => [{ labels: east, value: value(t) }]);
    expect(transitions.map((t) => [t.to, t.at])).toEqual([
      ["firing", 0],
      ["resolved", 135_000],
    ]);
  });

  it("a new breach after resolving opens a new alert instance", () => {
    const sp = spec({ conditions: [crit({ sustainMs: 0 })] });
    const { transitions } = run(sp, 3, (t) => [{ labels: east, value: t === 15_000 ? 0 : 1 }]);
    expect(transitions.map((t) => t.to)).toEqual(["firing", "resolved", "firing"]);
    expect(transitions[2].alertId).not.toBe(transitions[0].alertId);
  });
});

describe("evaluate: signals", () => {
  it("tracks each environment+region on its own, series of a signal folded to the worst value", () => {
    const sp = spec({ conditions: [crit({ sustainMs: 0 })] });
    const samples = [
      { labels: east, value: 0.01 },
      { labels: { ...east, pod: "z" }, value: 0.09 },
      { labels: west, value: 0.003 },
    ];
    const { transitions } = run(sp, 1, () => samples);
    expect(transitions).toHaveLength(1);
    expect(transitions[0].value).toBe(0.09);
    expect(transitions[0].labels.region).toBe("us-east-1");
  });

  it("per series mode keeps every label except the metric name", () => {
    const sp = spec({ conditions: [crit({ sustainMs: 0 })], signalBy: { mode: "series" } });
    const { transitions } = run(sp, 1, () => [
      { labels: { __name__: "x", ...east }, value: 1 },
      { labels: west, value: 1 },
    ]);
    expect(transitions.map((t) => t.labels)).toEqual([east, west]);
  });

  it("below-threshold signals are not tracked", () => {
    const { state } = run(spec(), 3, () => [{ labels: west, value: 0.003 }]);
    expect(Object.keys(state.entries)).toHaveLength(0);
  });
});

describe("evaluate: NaN and no data", () => {
  const firing = spec({ conditions: [crit({ sustainMs: 0 })] });
  it("NaN is no data; policy ok resolves a firing signal", () => {
    const { transitions } = run(firing, 2, (t) => [{ labels: east, value: t === 0 ? 1 : NaN }]);
    expect(transitions.map((t) => t.to)).toEqual(["firing", "resolved"]);
    expect(transitions[1].value).toBeNull();
  });
  it("policy keep holds the state while the series is absent", () => {
    const { transitions, state } = run({ ...firing, noData: "keep" }, 5, (t) =>
      t === 0 ? [{ labels: east, value: 1 }] : [],
    );
    expect(transitions.map((t) => t.to)).toEqual(["firing"]);
    expect(Object.values(state.entries)[0].state).toBe("firing");
  });
  it("policy alerting fires a label-less signal when the query returns nothing", () => {
    const { transitions } = run({ ...firing, noData: "alerting" }, 1, () => []);
    expect(transitions.map((t) => [t.to, t.signalKey])).toEqual([["firing", ""]]);
  });
});

describe("evaluate: severities and flapping", () => {
  it("warning and critical run independently per signal", () => {
    const sp = spec({
      conditions: [
        crit({ sustainMs: 0, threshold: 0.1 }),
        { severity: "warning", operator: ">", threshold: 0.05, sustainMs: 0, resolveWindowMs: 0 },
      ],
    });
    const values = [0.07, 0.12, 0.07, 0.01];
    const { transitions } = run(sp, 4, (t) => [{ labels: east, value: values[t / 15_000] }]);
    expect(transitions.map((t) => `${t.severity}:${t.to}`)).toEqual([
      "warning:firing",
      "critical:firing",
      "critical:resolved",
      "warning:resolved",
    ]);
  });
  it("marks a signal flapping after enough changes inside the window", () => {
    const sp = spec({ conditions: [crit({ sustainMs: 0 })], flapThreshold: 4 });
    const { transitions, state } = run(sp, 6, (t) => [{ labels: east, value: (t / 15_000) % 2 === 0 ? 1 : 0 }]);
    expect(transitions.map((t) => t.flapping)).toEqual([false, false, false, true, true, true]);
    expect(Object.values(state.entries)[0].flapping).toBe(true);
  });
});

const allowed = new Set([
  "ok>pending",
  "ok>firing",
  "pending>firing",
  "pending>ok",
  "firing>resolved",
  "resolved>pending",
  "resolved>firing",
]);

describe("evaluate: properties", () => {
  const arbSeq = fc.array(fc.oneof(fc.double({ min: 0, max: 0.2, noNaN: true }), fc.constant(NaN)), {
    minLength: 1,
    maxLength: 60,
  });
  const arbCond = fc.record({
    sustain: fc.constantFrom(0, 15_000, 60_000, 180_000),
    resolve: fc.constantFrom(0, 30_000, 120_000),
  });

  it("only takes allowed edges, with deterministic ids, and never fires before the breach has held for the sustain", () => {
    fc.assert(
      fc.property(arbSeq, arbCond, (vals, c) => {
        const sp = spec({ conditions: [crit({ sustainMs: c.sustain, resolveWindowMs: c.resolve })] });
        const feed = (t: number) => [{ labels: east, value: vals[t / 15_000] }];
        const a = run(sp, vals.length, feed);
        expect(run(sp, vals.length, feed)).toEqual(a);
        for (const t of a.transitions) expect(allowed.has(`${t.from}>${t.to}`)).toBe(true);
        for (const t of a.transitions.filter((x) => x.to === "firing")) {
          const i = t.at / 15_000;
          const need = Math.ceil(c.sustain / 15_000);
          for (let k = i - need; k <= i; k++) expect(vals[k] > 0.05).toBe(true);
        }
        for (const t of a.transitions.filter((x) => x.to === "resolved")) {
          const i = t.at / 15_000;
          for (let k = i - Math.ceil(c.resolve / 15_000); k <= i; k++) expect(vals[k] > 0.05).toBe(false);
        }
      }),
    );
  });

  it("one signal's history does not depend on the other signals", () => {
    fc.assert(
      fc.property(arbSeq, arbSeq, (a, b) => {
        const sp = spec({ conditions: [crit({ sustainMs: 30_000 })] });
        const n = Math.min(a.length, b.length);
        const both = run(sp, n, (t) => [
          { labels: east, value: a[t / 15_000] },
          { labels: west, value: b[t / 15_000] },
        ]);
        const alone = run(sp, n, (t) => [{ labels: east, value: a[t / 15_000] }]);
        const pick = (ts: Transition[]) =>
          ts.filter((t) => t.labels.region === "us-east-1").map((t) => [t.from, t.to, t.at, t.value]);
        expect(pick(both.transitions)).toEqual(pick(alone.transitions));
      }),
    );
  });
});

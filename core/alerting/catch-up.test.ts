import { describe, expect, it } from "vitest";
import { CATCH_UP_MAX_CHECKS, CATCH_UP_MAX_MS, catchUpTimes, replay } from "./catch-up";
import { evaluate } from "./evaluate";
import { emptyState, type EvalSpec } from "./types";

const spec: EvalSpec = {
  monitorId: "m1",
  conditions: [{ severity: "critical", operator: ">", threshold: 0.05, sustainMs: 180_000, resolveWindowMs: 0 }],
  signalBy: { mode: "labels", keys: ["region"] },
  noData: "ok",
  flapThreshold: 6,
  flapWindowMs: 3600_000,
};
const east = (value: number) => [{ labels: { region: "us-east-1" }, value }];
const AT = 10_000_000;

describe("catchUpTimes", () => {
  it("covers sustain + resolve window + 3 intervals at the interval, oldest first, before the check", () => {
    const ts = catchUpTimes([{ sustainMs: 180_000, resolveWindowMs: 60_000 }], 15_000, AT);
    expect(ts[0]).toBe(AT - 285_000);
    expect(ts.at(-1)).toBe(AT - 15_000);
    expect(ts.length).toBeLessThanOrEqual(CATCH_UP_MAX_CHECKS);
    expect(ts.every((t, i) => i === 0 || t - ts[i - 1] === ts[1] - ts[0])).toBe(true);
  });

  it("caps the window at 30 minutes and the count, spreading checks at a multiple of the interval", () => {
    const ts = catchUpTimes([{ sustainMs: 3600_000, resolveWindowMs: 3600_000 }], 15_000, AT);
    expect(ts.length).toBeLessThanOrEqual(CATCH_UP_MAX_CHECKS);
    expect(AT - ts[0]).toBeLessThanOrEqual(CATCH_UP_MAX_MS);
    expect(AT - ts[0]).toBeGreaterThan(CATCH_UP_MAX_MS - (ts[1] - ts[0]));
    expect((ts[1] - ts[0]) % 15_000).toBe(0);
  });
});

describe("replay", () => {
  // 10 minutes of 15 s checks before AT (replay takes any times; catchUpTimes only bounds the monitor's).
  const checks = (rate: (t: number) => number) =>
    Array.from({ length: 40 }, (_, i) => AT - 600_000 + i * 15_000).map((at) => ({ at, samples: east(rate(at)) }));

  it("a breach that has held longer than the sustain ends the replay firing, with catch-up transitions", () => {
    const r = replay(
      spec,
      emptyState(),
      checks(() => 0.07),
    );
    expect(Object.values(r.state.entries)[0].state).toBe("firing");
    expect(r.transitions.map((t) => t.to)).toEqual(["pending", "firing"]);
    expect(r.transitions.every((t) => t.catchUp)).toBe(true);
    expect(r.superseded).toEqual([]);
  });

  it("an episode that ended inside the window ends resolved; a later new episode keeps the old alert as superseded", () => {
    const ended = replay(
      spec,
      emptyState(),
      checks((t) => (t < AT - 60_000 ? 0.07 : 0.003)),
    );
    expect(Object.values(ended.state.entries)[0].state).toBe("resolved");
    expect(ended.transitions.map((t) => t.to)).toEqual(["pending", "firing", "resolved"]);
    const again = replay(
      spec,
      emptyState(),
      checks((t) => (t < AT - 300_000 || t >= AT - 30_000 ? 0.07 : 0.003)),
    );
    expect(Object.values(again.state.entries)[0].state).toBe("pending");
    expect(again.superseded.map((e) => e.state)).toEqual(["resolved"]);
  });

  it("equals folding evaluate over the same checks (same ids), only flagged", () => {
    const cs = checks((t) => (t % 45_000 === 0 ? 0.07 : 0.003));
    let st = emptyState();
    const plain = cs.flatMap((c) => {
      const r = evaluate(spec, st, c.samples, c.at);
      st = r.state;
      return r.transitions;
    });
    const r = replay(spec, emptyState(), cs);
    expect(r.state).toEqual(st);
    expect(r.transitions).toEqual(plain.map((t) => ({ ...t, catchUp: true })));
  });
});

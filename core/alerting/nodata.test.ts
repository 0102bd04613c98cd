// "The condition cleared" versus "the data stopped arriving": policy nodata (the default), Vigil's own data
// gaps, and the explicit older policies.
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate";
import { effectivePolicy } from "./step";
import { emptyState, type EvalSpec, type MonitorState, type Sample, type Transition } from "./types";

const spec = (over: Partial<EvalSpec> = {}): EvalSpec => ({
  monitorId: "m1",
  conditions: [{ severity: "critical", operator: ">", threshold: 5, sustainMs: 0, resolveWindowMs: 0 }],
  signalBy: { mode: "labels", keys: ["region"] },
  noData: "nodata",
  flapThreshold: 0,
  flapWindowMs: 3600_000,
  ...over,
});
const east = (value: number): Sample[] => [{ labels: { region: "us-east-1" }, value }];
type Check = { samples: Sample[]; gap?: boolean };

function run(sp: EvalSpec, checks: Check[], step = 15_000) {
  let state: MonitorState = emptyState();
  const transitions: Transition[] = [];
  checks.forEach((c, i) => {
    const r = evaluate(sp, state, c.samples, i * step, { dataGap: c.gap });
    state = r.state;
    transitions.push(...r.transitions);
  });
  return { state, transitions, entry: Object.values(state.entries)[0] };
}
const edges = (ts: Transition[]) => ts.map((t) => `${t.from}>${t.to}`);

describe("no-data policy nodata (the default)", () => {
  it("a firing alert whose data stops moves to nodata with the time, and keeps its alert id", () => {
    const { transitions, entry } = run(spec(), [{ samples: east(7) }, { samples: [] }, { samples: [] }]);
    expect(edges(transitions)).toEqual(["ok>firing", "firing>nodata"]);
    expect(entry.state).toBe("nodata");
    expect(entry.noDataSince).toBe(15_000);
    expect(transitions[1].alertId).toBe(transitions[0].alertId);
  });

  it("data back above the threshold returns to firing under the same alert", () => {
    const { transitions, entry } = run(spec(), [{ samples: east(7) }, { samples: [] }, { samples: east(8) }]);
    expect(edges(transitions)).toEqual(["ok>firing", "firing>nodata", "nodata>firing"]);
    expect(entry.noDataSince).toBeNull();
    expect(new Set(transitions.map((t) => t.alertId)).size).toBe(1);
  });

  it("resolves only on evidence: data back and under the threshold for the whole resolve window", () => {
    const sp = spec({
      conditions: [{ severity: "critical", operator: ">", threshold: 5, sustainMs: 0, resolveWindowMs: 30_000 }],
    });
    const checks: Check[] = [
      { samples: east(7) },
      ...Array.from({ length: 20 }, () => ({ samples: [] })), // five minutes of nothing never resolves
      { samples: east(1) }, // 315 s: data back, clear: the window starts here
      { samples: east(1) },
      { samples: east(1) }, // 345 s: clear for 30 s
    ];
    const { transitions } = run(sp, checks);
    expect(transitions.map((t) => [t.from, t.to, t.at])).toEqual([
      ["ok", "firing", 0],
      ["firing", "nodata", 15_000],
      ["nodata", "firing", 315_000],
      ["firing", "resolved", 345_000],
    ]);
  });

  it("with resolve window 0 the first clear value resolves straight from nodata", () => {
    const { transitions } = run(spec(), [{ samples: east(7) }, { samples: [] }, { samples: east(1) }]);
    expect(edges(transitions)).toEqual(["ok>firing", "firing>nodata", "nodata>resolved"]);
  });

  it("a pending breach whose data stops is dropped (nothing was paged), but held through Vigil's own gap", () => {
    const sp = spec({
      conditions: [{ severity: "critical", operator: ">", threshold: 5, sustainMs: 60_000, resolveWindowMs: 0 }],
    });
    expect(edges(run(sp, [{ samples: east(7) }, { samples: [] }]).transitions)).toEqual(["ok>pending", "pending>ok"]);
    const held = run(sp, [{ samples: east(7) }, { samples: [], gap: true }, { samples: [], gap: true }]);
    expect(edges(held.transitions)).toEqual(["ok>pending"]);
    // The sustain keeps counting from the first breach: firing once data shows the breach still holds.
    const back = run(sp, [
      { samples: east(7) },
      { samples: [], gap: true },
      { samples: [], gap: true },
      { samples: [], gap: true },
      { samples: east(7) },
    ]);
    expect(back.transitions.map((t) => [t.to, t.at])).toEqual([
      ["pending", 0],
      ["firing", 60_000],
    ]);
  });
});

describe("Vigil's own data gap overrides the policies that would read absence as evidence", () => {
  for (const noData of ["ok", "alerting"] as const) {
    it(`policy ${noData}: absence during the gap holds the page as nodata instead of ${noData === "ok" ? "resolving" : "breaching"}`, () => {
      const { transitions } = run(spec({ noData }), [{ samples: east(7) }, { samples: [], gap: true }]);
      expect(edges(transitions)).toEqual(["ok>firing", "firing>nodata"]);
    });
  }
  it("policy alerting does not open a no-data alert for an empty query during a gap", () => {
    expect(run(spec({ noData: "alerting" }), [{ samples: [], gap: true }]).transitions).toEqual([]);
    expect(edges(run(spec({ noData: "alerting" }), [{ samples: [] }]).transitions)).toEqual(["ok>firing"]);
  });
  it("keep stays keep; the others become nodata only inside a gap", () => {
    expect(effectivePolicy("keep", true)).toBe("keep");
    expect(effectivePolicy("ok", true)).toBe("nodata");
    expect(effectivePolicy("ok", false)).toBe("ok");
    expect(effectivePolicy("alerting", false)).toBe("alerting");
  });
  it("after the gap, policy ok clears a still-missing series as before", () => {
    const { transitions } = run(spec({ noData: "ok" }), [
      { samples: east(7) },
      { samples: [], gap: true },
      { samples: [] },
    ]);
    expect(edges(transitions)).toEqual(["ok>firing", "firing>nodata", "nodata>resolved"]);
  });
});

describe("data coming and going is not flapping", () => {
  it("firing>nodata>firing adds no flap changes", () => {
    const sp = spec({ flapThreshold: 2 });
    const checks = Array.from({ length: 10 }, (_, i) => ({ samples: i % 2 ? [] : east(7) }));
    const { entry, transitions } = run(sp, checks);
    expect(transitions.filter((t) => t.to === "nodata")).toHaveLength(5);
    expect(entry.changes).toHaveLength(1);
    expect(entry.flapping).toBe(false);
  });
});

describe("property: with policy nodata, a page is only resolved by a clear value", () => {
  it("every resolve carries a value under the threshold, and no page opens on missing data", async () => {
    const fc = (await import("fast-check")).default;
    const obs = fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(NaN), fc.constant(-1));
    fc.assert(
      fc.property(fc.array(obs, { minLength: 1, maxLength: 80 }), fc.constantFrom(0, 15_000, 45_000), (vals, rw) => {
        const sp = spec({
          conditions: [{ severity: "critical", operator: ">", threshold: 5, sustainMs: 15_000, resolveWindowMs: rw }],
        });
        // -1 stands for a check inside Vigil's own gap with nothing returned; NaN for a missing series.
        const checks = vals.map((v) => (v === -1 ? { samples: [], gap: true } : { samples: east(v) }));
        for (const t of run(sp, checks).transitions) {
          if (t.to === "resolved") expect(t.value !== null && t.value <= 5).toBe(true);
          if (t.to === "firing" && t.from !== "nodata") expect(t.value !== null && t.value > 5).toBe(true);
        }
      }),
    );
  });
});

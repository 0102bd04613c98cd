// Property tests over random value sequences: NaN/no-data, flapping, severities, and the notification plan.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate";
import { applySent, planNotification, type SentRecord } from "./notify-plan";
import { emptyState, type Condition, type EvalSpec, type MonitorState, type Transition } from "./types";

const labels = { region: "us-east-1" };
const cond = (severity: "critical" | "warning", threshold: number, over: Partial<Condition> = {}): Condition => ({
  severity,
  operator: ">",
  threshold,
  sustainMs: 0,
  resolveWindowMs: 0,
  ...over,
});
const spec = (over: Partial<EvalSpec> = {}): EvalSpec => ({
  monitorId: "m",
  conditions: [cond("critical", 0.5)],
  signalBy: { mode: "series" },
  noData: "ok",
  flapThreshold: 4,
  flapWindowMs: 10 * 15_000,
  ...over,
});

function run(sp: EvalSpec, vals: number[], onCheck?: (st: MonitorState, i: number) => void) {
  let st = emptyState();
  const ts: Transition[] = [];
  vals.forEach((v, i) => {
    const r = evaluate(sp, st, [{ labels, value: v }], i * 15_000);
    st = r.state;
    ts.push(...r.transitions);
    onCheck?.(st, i);
  });
  return ts;
}

const values = fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(NaN)), {
  minLength: 1,
  maxLength: 80,
});

describe("state machine properties", () => {
  it("with no-data policy keep, NaN checks change nothing: same edges as the sequence without them", () => {
    fc.assert(
      fc.property(values, (vals) => {
        const sp = spec({ noData: "keep", flapThreshold: 1000 });
        const edges = (ts: Transition[]) => ts.map((t) => `${t.from}>${t.to}`);
        expect(edges(run(sp, vals))).toEqual(
          edges(
            run(
              sp,
              vals.filter((v) => !Number.isNaN(v)),
            ),
          ),
        );
      }),
    );
  });

  it("with no-data policy ok, a NaN check never fires and a firing signal resolves on it", () => {
    fc.assert(
      fc.property(values, (vals) => {
        let prevFiring = false;
        run(spec({ flapThreshold: 1000 }), vals, (st, i) => {
          const e = Object.values(st.entries)[0];
          if (Number.isNaN(vals[i])) {
            if (prevFiring) expect(e.state).toBe("resolved");
            else expect(e?.state ?? "ok").not.toBe("firing");
          }
          prevFiring = e?.state === "firing";
        });
      }),
    );
  });

  it("flapping is set exactly when the window holds at least the threshold of firing/resolved changes", () => {
    fc.assert(
      fc.property(values, (vals) => {
        const sp = spec();
        const changes: number[] = [];
        for (const t of run(sp, vals)) {
          if (t.to === "firing" || t.to === "resolved") changes.push(t.at);
          const inWindow = changes.filter((c) => t.at - c < sp.flapWindowMs).length;
          expect(t.flapping).toBe(inWindow >= sp.flapThreshold);
        }
      }),
    );
  });

  it("a critical threshold above the warning one: critical firing implies warning firing", () => {
    fc.assert(
      fc.property(values, (vals) => {
        run(spec({ conditions: [cond("critical", 0.8), cond("warning", 0.4)], flapThreshold: 1000 }), vals, (st) => {
          const byS = Object.fromEntries(Object.values(st.entries).map((e) => [e.severity, e.state]));
          if (byS.critical === "firing") expect(byS.warning).toBe("firing");
        });
      }),
    );
  });

  it("notifications: trigger before any repeat or resolve, never two resolves in a row, one resolve per page", () => {
    fc.assert(
      fc.property(values, fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), (vals, mutes) => {
        const sp = spec({ conditions: [cond("critical", 0.8), cond("warning", 0.4, { sustainMs: 30_000 })] });
        let sent: SentRecord | undefined;
        const kinds: string[] = [];
        run(sp, vals, (st, i) => {
          const a = planNotification(Object.values(st.entries), sent, {
            muted: mutes[i],
            now: i * 15_000,
            repeatMs: 60_000,
          });
          if (!a) return;
          kinds.push(a.kind);
          sent = applySent(a, i * 15_000);
        });
        let open = false;
        for (const k of kinds) {
          if (k === "resolve") expect(open).toBe(true);
          if (k === "repeat") expect(open).toBe(true);
          open = k !== "resolve";
        }
      }),
    );
  });
});

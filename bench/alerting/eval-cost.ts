// CPU cost of one monitor check's pure part (state machine + notification planning), beside a reference the
// object pays on every check anyway: serialising the state to JSON and back (what it persists in SQLite).
// The ratio is stable across machines and load; the absolute µs are not.
import { evaluate } from "../../core/alerting/evaluate";
import { planNotification } from "../../core/alerting/notify-plan";
import { emptyState, type EvalSpec, type MonitorState, type Sample } from "../../core/alerting/types";

const spec: EvalSpec = {
  monitorId: "bench",
  conditions: [
    { severity: "critical", operator: ">", threshold: 0.05, sustainMs: 180_000, resolveWindowMs: 60_000 },
    { severity: "warning", operator: ">", threshold: 0.02, sustainMs: 60_000, resolveWindowMs: 0 },
  ],
  signalBy: { mode: "labels", keys: ["environment", "region"] },
  noData: "ok",
  flapThreshold: 6,
  flapWindowMs: 3600_000,
};

function samples(signals: number, step: number): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < signals; i++) {
    // A third of the signals breach, in waves, so states really move.
    const v = i % 3 === 0 ? 0.03 + 0.04 * Math.sin((step + i) / 7) : 0.003;
    out.push({ labels: { environment: i % 2 ? "production" : "staging", region: `r${i}`, pod: `p${i}` }, value: v });
  }
  return out;
}

export function evalCost(signals: number, checks = 2000) {
  if (signals > 0) evalCost(0, 200); // JIT warm-up
  const feeds = Array.from({ length: 64 }, (_, s) => samples(signals, s));
  let state: MonitorState = emptyState();
  let transitions = 0;
  const t0 = performance.now();
  for (let i = 0; i < checks; i++) {
    const r = evaluate(spec, state, feeds[i % 64], i * 15_000);
    state = r.state;
    transitions += r.transitions.length;
    const bySignal = new Map<string, (typeof state.entries)[string][]>();
    for (const e of Object.values(state.entries)) bySignal.set(e.signalKey, [...(bySignal.get(e.signalKey) ?? []), e]);
    for (const entries of bySignal.values())
      planNotification(entries, undefined, { muted: false, now: i * 15_000, repeatMs: 3600_000 });
  }
  const perCheckUs = ((performance.now() - t0) * 1000) / checks;
  let bytes = 0;
  const r0 = performance.now();
  for (let i = 0; i < checks; i++) bytes += (JSON.parse(JSON.stringify(state)) as MonitorState).seq > 0 ? 1 : 0;
  const referenceUs = ((performance.now() - r0) * 1000) / checks;
  return {
    signals,
    checks,
    perCheckUs,
    referenceUs,
    ratio: perCheckUs / Math.max(referenceUs, 1e-3),
    transitions,
    stateBytes: JSON.stringify(state).length,
    bytes,
  };
}

import { evaluateFailure } from "../../core/alerting/broken";
import { catchUpTimes, replay, type ReplayResult } from "../../core/alerting/catch-up";
import { evaluate } from "../../core/alerting/evaluate";
import { healthView } from "../../core/alerting/health";
import type { MuteRule } from "../../core/alerting/muting";
import type { MonitorState, Sample, Transition } from "../../core/alerting/types";
import type { MonitorDef } from "../../core/contracts/alerting";
import { monitorSamples } from "../../platform/alerting/query";
import { liveMutes } from "../../platform/db/muting-rules";
import { loadInhibition } from "../../platform/alerting/inhibition";
import type { Env } from "../../platform/env";
import { linkBase } from "../../platform/public-url";
import { planCheck } from "./plan";
import { alertRecord, specOf } from "./records";
import type { MonitorStore } from "./store";

/** Alarms this late mean Vigil itself was down or stalled (a busy isolate delays alarms by a second or two). */
const LATE_AFTER_MS = 10_000;
/**
 * After Vigil's own outage, a missing series is not evidence for this long: the data did not arrive because
 * Vigil was not there to receive it, and range queries need their window refilled (Prometheus' lookback is 5m).
 */
export const DATA_GAP_GRACE_MS = 5 * 60_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One scheduled check, committed in ONE SQLite transaction with everything it implies (state, transitions,
 * alert rows to mirror, live events, the notification outbox, health), guarded by compare-and-set on
 * next_check_at so a retried alarm never commits the same check twice. Returns the committed transitions.
 *
 * A check more than one interval late is not replayed: it evaluates now (missed checks are skipped, as
 * Prometheus does), and the outage opens a data gap in which missing series hold their alerts (see step.ts).
 */
export async function runCheck(
  env: Env,
  store: MonitorStore,
  def: MonitorDef,
  at: number,
  now: number,
  /** Runs inside the commit, only when this run commits the check (queues the investigations it starts). */
  inCommit: (state: MonitorState, transitions: Transition[]) => void = () => {},
): Promise<Transition[]> {
  const interval = def.intervalSeconds * 1000;
  const lateMs = now - at;
  const evalAt = lateMs > interval ? now : at;
  const lateLimit = Math.max(LATE_AFTER_MS, interval / 2);
  const lastRanAt = store.lastCheck()?.ranAt ?? null;
  // Vigil was not checking: this alarm is late, or no check ran for longer than an interval (a restart whose
  // provisioning re-armed the schedule before this alarm still leaves that hole).
  const outage = lateMs > lateLimit || (lastRanAt !== null && now - lastRanAt > interval + lateLimit);
  const gapUntil = outage ? now + DATA_GAP_GRACE_MS : store.dataGapUntil();
  const dataGap = gapUntil !== null && evalAt <= gapUntil;
  const spec = specOf(def);
  const started = Date.now();
  const [query, muting, inhibiting] = await Promise.allSettled([
    monitorSamples(env, def, evalAt),
    liveMutes(env.DB, evalAt),
    loadInhibition(env.DB),
  ]);
  const mutes: MuteRule[] = muting.status === "fulfilled" ? muting.value : [];
  // Unreadable inhibition rules fail open: a page too many beats a page lost.
  const inhibition = inhibiting.status === "fulfilled" ? inhibiting.value : undefined;
  if (inhibiting.status === "rejected") console.error("inhibition rules unreadable", inhibiting.reason);
  let samples: Sample[] = [];
  let state: MonitorState;
  let transitions: Transition[];
  let error: string | null;
  let past: ReplayResult | null = null;
  const catchUp = store.catchUpPending();
  if (query.status === "rejected" || muting.status === "rejected") {
    // A failed query is not "no data": the signals keep their state; only the monitor-broken count moves.
    error =
      query.status === "rejected"
        ? message(query.reason)
        : `muting rules: ${message((muting as PromiseRejectedResult).reason)}`;
    ({ state, transitions } = evaluateFailure(spec, store.state(), error, evalAt));
  } else {
    samples = query.value;
    past = catchUp ? await replayPast(env, def, store.state(), evalAt) : null;
    const latest = evaluate(spec, past?.state ?? store.state(), samples, evalAt, { dataGap });
    state = latest.state;
    error = latest.error;
    transitions = [...(past?.transitions ?? []), ...latest.transitions];
  }
  const evalMs = Date.now() - started;
  const series = samples.filter((s) => !Number.isNaN(s.value)).length;
  const report = { at: evalAt, ranAt: now, evalMs, lateMs, series, error };
  const health = healthView(
    report,
    store.health(),
    { count: state.failures ?? 0, since: state.failingSince ?? null },
    interval,
  );
  // Notifications are planned from the final state only: a page for what is firing now, nothing for an
  // episode that started and ended inside the replayed window.
  const plan = planCheck({
    def,
    state,
    transitions,
    sent: store.sent(),
    acks: store.acks(),
    muteWarned: store.muteWarned(),
    prevMuted: store.muted(),
    mutes,
    inhibition,
    prevInhibited: store.inhibited(),
    at: evalAt,
    notifySeq: store.notifySeq(),
    publicUrl: await linkBase(env),
  });
  return store.transaction(() => {
    if (store.nextCheckAt() !== at) return []; // a concurrent run already committed this check
    store.setState(state);
    store.setSent(plan.sent);
    store.setAcks(plan.acks);
    store.setMuted(plan.muted);
    store.setInhibited(plan.inhibited);
    store.setMuteWarned(plan.muteWarned);
    store.setNotifySeq(plan.notifySeq);
    store.setLastCheck({ ...report, samples: samples.slice(0, 200) });
    store.setHealth(health);
    if (gapUntil !== null) store.setDataGapUntil(gapUntil);
    transitions.forEach((t) => store.addPendingTransition(t, Number(t.id.slice(t.id.lastIndexOf(":t") + 2))));
    plan.alerts.forEach((a) => store.addPendingAlert(a));
    plan.events.forEach((e) => store.addPendingEvent(e.topics, e.event));
    plan.outbox.forEach((o) => store.enqueue(o));
    inCommit(state, transitions);
    for (const e of past?.superseded ?? [])
      if (e.alertId) store.addPendingAlert(alertRecord(def, e, false, e.lastEvalAt));
    if (catchUp && query.status === "fulfilled") store.setCatchUpPending(false);
    store.setNextCheckAt(evalAt + interval);
    return transitions;
  });
}

/** Evaluate the past checks of a newly armed monitor. Best effort: if the data can't be read, start from now. */
async function replayPast(env: Env, def: MonitorDef, prev: MonitorState, at: number): Promise<ReplayResult | null> {
  try {
    const checks: { at: number; samples: Sample[] }[] = [];
    // Sequential: bounded by CATCH_UP_MAX_CHECKS, and one query at a time keeps the shard fan-out flat.
    for (const t of catchUpTimes(def.conditions, def.intervalSeconds * 1000, at))
      checks.push({ at: t, samples: await monitorSamples(env, def, t) });
    return replay(specOf(def), prev, checks);
  } catch (err) {
    console.error("monitor catch-up failed", err);
    return null;
  }
}

import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { MonitorDef } from "../../core/contracts/alerting";
import { catchUpTimes, replay, type ReplayResult } from "../../core/alerting/catch-up";
import { evaluate } from "../../core/alerting/evaluate";
import type { Sample } from "../../core/alerting/types";
import { config, type Env } from "../../platform/env";
import type { MonitorRpc, MonitorSnapshot } from "../../platform/alerting/monitor-rpc";
import { liveMutes } from "../../platform/db/muting-rules";
import { monitorSamples } from "../../platform/alerting/query";
import { planCheck } from "./plan";
import { alertRecord, specOf } from "./records";
import { MonitorStore } from "./store";
import { flushOutbox, mirrorToD1, publishPending } from "./side-effects";

/** Missed checks older than this are skipped (like Prometheus), not replayed one by one after an outage. */
const MAX_CATCHUP_MS = 30 * 60_000;

// RPC input check: the definition comes from our own route, but a stale caller must fail loudly, not corrupt state.
const defShape = z.looseObject({
  id: z.string().min(1),
  slug: z.string().min(1),
  query: z.string().min(1),
  intervalSeconds: z.union([z.literal(15), z.literal(30), z.literal(60)]),
  conditions: z
    .array(
      z.looseObject({ severity: z.enum(["critical", "warning"]), sustainMs: z.number(), resolveWindowMs: z.number() }),
    )
    .min(1),
  enabled: z.boolean(),
});

/**
 * One monitor. Each alarm: evaluate the query at the scheduled check time, run the pure state machine, and
 * commit state + transitions + outbox in one SQLite transaction; only then mirror to D1, notify and publish.
 * Alarms are at-least-once: a repeated alarm finds the check already committed (next_check_at moved on)
 * and only retries the pending side effects, whose ids make every one of them idempotent.
 */
export class MonitorObject extends DurableObject<Env> implements MonitorRpc {
  private store: MonitorStore;
  private running: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new MonitorStore(ctx.storage);
  }

  /** (Re)initialise from a saved definition and (re)arm the alarm. State of existing signals is kept. */
  async configure(def: MonitorDef): Promise<void> {
    defShape.parse(def);
    this.store.setDef(def);
    if (!def.enabled) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const now = Date.now();
    const next = this.store.nextCheckAt();
    // First arming (a new monitor): its first check replays the recent past, so a breach already in the
    // stored data is firing at once instead of starting its sustain now.
    if (next === null) this.store.setCatchUpPending(true);
    if (next === null || next > now + def.intervalSeconds * 1000) this.store.setNextCheckAt(now);
    await this.ctx.storage.setAlarm(this.store.nextCheckAt()!);
  }

  /** Monitor deleted: stop checking and forget everything. */
  async stop(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.store = new MonitorStore(this.ctx.storage); // recreate the empty tables for this live instance
  }

  /** Move the schedule (tests and backfills): the next alarm evaluates at `at`. */
  async setNextCheckAt(at: number): Promise<void> {
    z.number().int().nonnegative().parse(at);
    this.store.setNextCheckAt(at);
    await this.ctx.storage.setAlarm(at);
  }

  /** What the evaluator holds right now, for alert details and debugging. */
  async snapshot(): Promise<MonitorSnapshot> {
    return {
      definition: this.store.def(),
      state: this.store.state(),
      nextCheckAt: this.store.nextCheckAt(),
      lastCheck: this.store.lastCheck(),
      sent: this.store.sent(),
      outbox: this.store.outbox(),
    };
  }

  override async alarm(): Promise<void> {
    // Serialise: an alarm retry must not interleave with a running check across its awaits.
    const run = this.running.then(() => this.tick());
    this.running = run.catch(() => undefined);
    await run;
  }

  private async tick(): Promise<void> {
    const def = this.store.def();
    if (!def || !def.enabled) return;
    const now = Date.now();
    const at = this.store.nextCheckAt() ?? now;
    if (at <= now) await this.check(def, at, now);
    const publicUrl = config(this.env).publicUrl ?? "";
    await this.guard("mirror", () => mirrorToD1(this.env, this.store, def));
    await this.guard("notify", () => flushOutbox(this.env, this.store, Date.now(), publicUrl));
    await this.guard("publish", () => publishPending(this.env, this.store));
    const nextOutbox = this.store.nextOutboxAt();
    const nextCheck = this.store.nextCheckAt() ?? now + def.intervalSeconds * 1000;
    await this.ctx.storage.setAlarm(nextOutbox === null ? nextCheck : Math.min(nextCheck, nextOutbox));
  }

  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      // Left pending in SQLite; the next alarm retries it.
      console.error(`monitor ${what} failed`, err);
    }
  }

  private async check(def: MonitorDef, at: number, now: number): Promise<void> {
    const interval = def.intervalSeconds * 1000;
    let next = at + interval;
    if (next < now - MAX_CATCHUP_MS) next = now;
    let samples: Sample[];
    let mutes;
    try {
      [samples, mutes] = await Promise.all([monitorSamples(this.env, def, at), liveMutes(this.env.DB, at)]);
    } catch (err) {
      // A failed query is not "no data": keep the state, record the error, try again next interval.
      const error = err instanceof Error ? err.message : String(err);
      this.store.transaction(() => {
        if (this.store.nextCheckAt() !== at) return;
        this.store.setLastCheck({ at, ranAt: now, samples: [], error });
        this.store.setNextCheckAt(next);
      });
      return;
    }
    const catchUp = this.store.catchUpPending();
    const past = catchUp ? await this.replayPast(def, at) : null;
    const latest = evaluate(specOf(def), past?.state ?? this.store.state(), samples, at);
    const { state } = latest;
    const transitions = [...(past?.transitions ?? []), ...latest.transitions];
    // Notifications are planned from the final state only: a page for what is firing now, nothing for an
    // episode that started and ended inside the replayed window.
    const plan = planCheck({
      def,
      state,
      transitions,
      sent: this.store.sent(),
      prevMuted: this.store.muted(),
      mutes,
      at,
      notifySeq: this.store.notifySeq(),
      publicUrl: config(this.env).publicUrl ?? "",
    });
    this.store.transaction(() => {
      if (this.store.nextCheckAt() !== at) return; // a concurrent run already committed this check
      this.store.setState(state);
      this.store.setSent(plan.sent);
      this.store.setMuted(plan.muted);
      this.store.setNotifySeq(plan.notifySeq);
      this.store.setLastCheck({ at, ranAt: now, samples: samples.slice(0, 200), error: null });
      transitions.forEach((t) => this.store.addPendingTransition(t, Number(t.id.slice(t.id.lastIndexOf(":t") + 2))));
      plan.alerts.forEach((a) => this.store.addPendingAlert(a));
      plan.events.forEach((e) => this.store.addPendingEvent(e.topics, e.event));
      plan.outbox.forEach((o) => this.store.enqueue(o));
      for (const e of past?.superseded ?? [])
        if (e.alertId) this.store.addPendingAlert(alertRecord(def, e, false, e.lastEvalAt));
      if (catchUp) this.store.setCatchUpPending(false);
      this.store.setNextCheckAt(next);
    });
  }

  /** Evaluate the past checks of a newly armed monitor. Best effort: if the data can't be read, start from now. */
  private async replayPast(def: MonitorDef, at: number): Promise<ReplayResult | null> {
    try {
      const checks: { at: number; samples: Sample[] }[] = [];
      // Sequential: bounded by CATCH_UP_MAX_CHECKS, and one query at a time keeps the shard fan-out flat.
      for (const t of catchUpTimes(def.conditions, def.intervalSeconds * 1000, at))
        checks.push({ at: t, samples: await monitorSamples(this.env, def, t) });
      return replay(specOf(def), this.store.state(), checks);
    } catch (err) {
      console.error("monitor catch-up failed", err);
      return null;
    }
  }
}

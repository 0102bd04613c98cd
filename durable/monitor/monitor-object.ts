import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { MonitorDef } from "../../core/contracts/alerting";
import { healthView } from "../../core/alerting/health";
import { BROKEN_SIGNAL } from "../../core/alerting/types";
import { ACK_COMMENT_MAX } from "../../core/oncall/ack";
import type { Env } from "../../platform/env";
import { linkBase } from "../../platform/public-url";
import type { AckResult, MonitorRpc, MonitorSnapshot } from "../../platform/alerting/monitor-rpc";
import { runCheck } from "./check";
import { followUps, InvestigationQueue } from "./investigations";
import { MonitorStore } from "./store";
import { type AckCommand, applyAck } from "./ack";
import { getChannels } from "../../platform/db/monitors";
import { flushOutbox, mirrorToD1, publishPending } from "./side-effects";

/** A side effect that failed (D1 or the live feed unavailable) is retried this soon, not at the next check. */
const SIDE_EFFECT_RETRY_MS = 5_000;

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

const ackShape = z.object({
  alertId: z.string().min(1),
  by: z.object({ id: z.string().min(1), handle: z.string(), name: z.string() }),
  comment: z.string().max(ACK_COMMENT_MAX),
  at: z.number().int().nonnegative(),
});

/**
 * One monitor. Each alarm: evaluate the query at the scheduled check time, run the pure state machine, and
 * commit state + transitions + outbox in one SQLite transaction; only then mirror to D1, notify and publish.
 * Alarms are at-least-once: a repeated alarm finds the check already committed (next_check_at moved on)
 * and only retries the pending side effects, whose ids make every one of them idempotent.
 */
export class MonitorObject extends DurableObject<Env> implements MonitorRpc {
  private store: MonitorStore;
  private investigations: InvestigationQueue;
  private running: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new MonitorStore(ctx.storage);
    this.investigations = new InvestigationQueue(ctx.storage);
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
    this.investigations = new InvestigationQueue(this.ctx.storage);
  }

  /** Move the schedule (tests and backfills): the next alarm evaluates at `at`. */
  async setNextCheckAt(at: number): Promise<void> {
    z.number().int().nonnegative().parse(at);
    this.store.setNextCheckAt(at);
    await this.ctx.storage.setAlarm(at);
  }

  /** What the evaluator holds right now, for alert details, monitor health and debugging. */
  async snapshot(): Promise<MonitorSnapshot> {
    const def = this.store.def();
    return {
      definition: def,
      state: this.store.state(),
      nextCheckAt: this.store.nextCheckAt(),
      lastCheck: this.store.lastCheck(),
      health:
        this.store.health() ?? healthView(null, null, { count: 0, since: null }, (def?.intervalSeconds ?? 60) * 1000),
      dataGapUntil: this.store.dataGapUntil(),
      sent: this.store.sent(),
      acks: this.store.acks(),
      outbox: this.store.outbox(),
    };
  }

  async acknowledge(cmd: AckCommand): Promise<AckResult> {
    return this.ackCommand(cmd, "acknowledge");
  }

  async unacknowledge(cmd: AckCommand): Promise<AckResult> {
    return this.ackCommand(cmd, "unacknowledge");
  }

  /** Serialised with checks; its side effects go out at once, not at the next alarm. */
  private ackCommand(cmd: AckCommand, kind: "acknowledge" | "unacknowledge"): Promise<AckResult> {
    ackShape.parse(cmd);
    const run = this.running.then(async () => {
      const def = this.store.def();
      if (!def) return { error: "NOT_FOUND", message: "monitor not configured" } as const;
      const channels = await getChannels(this.env.DB, def.channels);
      const publicUrl = await linkBase(this.env);
      const result = applyAck(this.store, def, cmd, channels, publicUrl, kind);
      if ("changed" in result && result.changed) await this.sideEffects(def);
      return result;
    });
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async sideEffects(def: MonitorDef): Promise<void> {
    const publicUrl = await linkBase(this.env);
    await this.notifyAndMirror(def, publicUrl);
    await this.guard("publish", () => publishPending(this.env, this.store));
    const nextOutbox = this.store.nextOutboxAt();
    const nextCheck = this.store.nextCheckAt();
    const next = Math.min(nextOutbox ?? Infinity, def.enabled ? (nextCheck ?? Infinity) : Infinity);
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
  }

  /** Drop this instance; the next alarm or call builds a new one from storage (an operator's "restart"). */
  async restart(): Promise<void> {
    this.ctx.abort("restart requested");
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
    // The investigation a firing transition starts is queued in the check's own transaction; a broken
    // monitor's own alert has no signal data to investigate.
    if (at <= now)
      await runCheck(this.env, this.store, def, at, now, (state, transitions) =>
        this.investigations.enqueue(
          def,
          state,
          transitions.filter((t) => t.signalKey !== BROKEN_SIGNAL),
        ),
      );
    const publicUrl = await linkBase(this.env);
    // Pages first: nothing else this alarm does may delay them. Then one D1 batch and one live-feed call.
    await this.notifyAndMirror(def, publicUrl);
    await this.guard("publish", () => publishPending(this.env, this.store));
    // After the page went out, never before it: the investigation's likely cause follows as an update.
    await this.guard("investigate", () => this.investigate(def, publicUrl));
    const nextOutbox = this.store.nextOutboxAt();
    const nextCheck = this.store.nextCheckAt() ?? now + def.intervalSeconds * 1000;
    const retry = this.store.hasPendingSideEffects() ? Date.now() + SIDE_EFFECT_RETRY_MS : Infinity;
    await this.ctx.storage.setAlarm(Math.min(nextCheck, nextOutbox ?? Infinity, retry));
  }

  /**
   * Per-alert pages go out before the D1 batch. A channel paging per incident waits for it (its alert must be in D1
   * to be grouped), so its rows go out in a second flush right after, and their delivery log in a second batch.
   */
  private async notifyAndMirror(def: MonitorDef, publicUrl: string): Promise<void> {
    let waiting = 0;
    await this.guard("notify", async () => {
      waiting = await flushOutbox(this.env, this.store, Date.now(), publicUrl);
    });
    await this.guard("mirror", () => mirrorToD1(this.env, this.store, def, Date.now()));
    if (!waiting) return;
    await this.guard("notify", () => flushOutbox(this.env, this.store, Date.now(), publicUrl, true));
    await this.guard("mirror", () => mirrorToD1(this.env, this.store, def, Date.now()));
  }

  private async investigate(def: MonitorDef, publicUrl: string): Promise<void> {
    const found = await this.investigations.run(this.env);
    if (!found.length) return;
    const rows = followUps(
      { def, state: this.store.state(), sent: this.store.sent(), muted: this.store.muted(), publicUrl },
      found,
      Date.now(),
    );
    this.store.transaction(() => rows.forEach((r) => this.store.enqueue(r)));
  }

  private async guard(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      // Left pending in SQLite; a retry alarm comes soon.
      console.error(`monitor ${what} failed`, err);
    }
  }
}

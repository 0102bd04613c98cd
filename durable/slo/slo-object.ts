import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { type SloDef, type SloStatus, windowMs } from "../../core/contracts/slos";
import { backfilled, type PassOptions, planPass, type Span, widen } from "../../core/slo/coverage";
import { burnRate } from "../../core/slo/burn";
import { alignDown } from "../../core/slo/rollup";
import { BUCKET_MS } from "../../core/slo/sli";
import { config, type Env } from "../../platform/env";
import { computeRollups } from "../../platform/slo/rollups";
import type { GroupBurn, SloRpc } from "../../platform/slo/slo-rpc";
import { sloStatus } from "./status";
import { SloStore } from "./store";

/** How roll-up passes run (see core/slo/coverage.ts): minutes are rolled up 30 s after they end, the last five
 * are recomputed on every pass for late samples, a first pass covers six hours and alarms backfill the rest of
 * the window twelve hours per query, four queries per pass. */
const PASS: Omit<PassOptions, "keep"> = {
  settle: 30_000,
  recompute: 5 * 60_000,
  firstPass: 6 * 60 * 60_000,
  chunk: 12 * 60 * 60_000,
  backfillChunks: 4,
  bucket: BUCKET_MS,
};

const defShape = z.looseObject({
  id: z.string().min(1),
  objective: z.number().gt(0).lt(1),
  window: z.enum(["7d", "28d", "30d"]),
  sli: z.looseObject({ kind: z.enum(["ratio", "threshold"]) }),
  groupBy: z.array(z.string()),
});

/**
 * One SLO. Every minute it rolls the SLI up into good/total counts per minute and group (recording-rule
 * style), so a 30-day budget or a 3-day burn rate is a sum over indexed rows, never a rescan of raw samples.
 * Its monitors (one per burn-rate policy) ask it for burn rates at their check time.
 */
export class SloObject extends DurableObject<Env> implements SloRpc {
  private readonly store: SloStore;
  private running: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SloStore(ctx.storage);
  }

  async configure(def: SloDef): Promise<void> {
    defShape.parse(def);
    const basis = JSON.stringify({ sli: def.sli, groupBy: def.groupBy });
    this.store.transaction(() => {
      if (this.store.basis() !== basis) {
        this.store.clear();
        this.store.setBasis(basis);
        this.store.setLastError(null);
      }
      this.store.setDef(def);
    });
    await this.ctx.storage.setAlarm(Date.now());
  }

  async stop(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  async burn(longWindowMs: number, shortWindowMs: number, at: number): Promise<GroupBurn[]> {
    const def = this.mustDef();
    const until = await this.rollUp(at);
    const long = new Map(this.store.sums(until - longWindowMs, until).map((s) => [s.group, s]));
    const short = new Map(this.store.sums(until - shortWindowMs, until).map((s) => [s.group, s]));
    const rate = (s: { good: number; total: number } | undefined) => (s ? burnRate(s, def.objective) : null);
    return [...long.keys()].map((g) => ({
      labels: JSON.parse(g) as Record<string, string>,
      long: rate(long.get(g)),
      short: rate(short.get(g)),
    }));
  }

  async status(at: number): Promise<SloStatus> {
    const def = this.mustDef();
    const end = await this.rollUp(at);
    return sloStatus(this.store, def, at, end);
  }

  override async alarm(): Promise<void> {
    const def = this.store.def();
    if (!def) return;
    const now = Date.now();
    const done = await this.rollUp(now, true).then(
      () => {
        const keep = Math.min(windowMs(def.window), this.retentionMs());
        return backfilled(this.store.coverage(), now, { ...PASS, keep });
      },
      () => true,
    );
    // A backfill continues at once; otherwise the next minute's roll-up is due shortly after it ends.
    await this.ctx.storage.setAlarm(done ? alignDown(now) + BUCKET_MS + PASS.settle : now + 1_000);
  }

  /** Raw samples are kept this long: a backfill never reaches further back. */
  private retentionMs(): number {
    return config(this.env).retentionDays * 86_400_000;
  }

  private mustDef(): SloDef {
    const def = this.store.def();
    if (!def) throw new Error("this SLO is not configured");
    return def;
  }

  /** Roll up every settled minute up to `at` not yet covered; alarms also extend the history backwards, a few
   * chunks per pass. Serialised: two callers never evaluate the same minutes at once. Returns the end of
   * coverage. */
  private rollUp(at: number, backfill = false): Promise<number> {
    const run = this.running.then(() => this.rollUpNow(at, backfill));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async rollUpNow(at: number, backfill: boolean): Promise<number> {
    const def = this.mustDef();
    const keep = Math.min(windowMs(def.window), this.retentionMs());
    const pass = planPass(this.store.coverage(), at, backfill, { ...PASS, keep });
    try {
      for (const span of pass.spans) await this.compute(def, span);
      this.store.transaction(() => {
        this.store.dropBefore(pass.target - windowMs(def.window) - 86_400_000);
        this.store.setLastError(null);
      });
    } catch (err) {
      this.store.setLastError(err instanceof Error ? err.message : String(err));
      throw err;
    }
    // A past check (a monitor catching up) reads the windows that ended then, not the newest ones.
    return Math.min(this.store.coverage().until ?? pass.target, pass.target);
  }

  private async compute(def: SloDef, span: Span): Promise<void> {
    const rows = await computeRollups(this.env, def, span.from, span.to);
    this.store.transaction(() => {
      this.store.replaceRange(span.from, span.to, rows);
      this.store.setCoverage(widen(this.store.coverage(), span));
    });
  }
}

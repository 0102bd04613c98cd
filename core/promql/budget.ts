// What one query may spend: samples held (loaded, materialized by subqueries, in the result) against
// Prometheus' max-samples limit, and wall time against its deadline. workerd cannot interrupt synchronous code,
// so the evaluation loops call `tick()` and refuse from inside; they also cut their work into short slices and
// yield between them (`yieldIfDue()`), so one query never holds the isolate: health checks, ingest and alarms
// are served in between. (Byte budgets of the storage side live with the shards.)
import { PromQLError } from "./errors";

export const TOO_MANY_SAMPLES = "query processing would load too many samples into memory in query execution";

/** Slice of synchronous evaluation between two yields to the event loop. */
const SLICE_MS = 10;
/** Work counted in ticks, for runtimes whose clock stands still while code runs: Workers (and workerd) advance
 * Date.now() only at I/O, so inside one synchronous stretch a slice measured by the clock would never end. */
const SLICE_TICKS = 4096;
/** And in yieldIfDue calls (steps), when each step ticks little. */
const SLICE_CALLS = 256;

export class QueryBudget {
  private held = 0;
  private ticks = 0;
  private sliceTicks = 0;
  private sliceCalls = 0;
  private sliceStart: number;

  constructor(
    private readonly maxSamples: number,
    private readonly deadline: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sliceStart = now();
  }

  /** Samples the query now holds in memory on top of what it held: refused past maxSamples (422). */
  hold(samples: number): void {
    this.held += samples;
    if (this.held > this.maxSamples) throw new PromQLError("execution", TOO_MANY_SAMPLES);
  }

  get samplesHeld(): number {
    return this.held;
  }

  /** Cheap enough for inner loops: reads the clock every 16th call; past the deadline, 503 timeout. */
  tick(): void {
    if ((++this.ticks & 15) === 0) this.checkDeadline();
  }

  checkDeadline(): void {
    if (this.now() > this.deadline) throw new PromQLError("timeout", "query timed out in query execution");
  }

  /** Yield to the event loop when the current slice has run long enough, by the clock or by work done. */
  async yieldIfDue(): Promise<void> {
    const worked = this.ticks - this.sliceTicks >= SLICE_TICKS || ++this.sliceCalls >= SLICE_CALLS;
    if (!worked && this.now() - this.sliceStart < SLICE_MS) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.sliceStart = this.now();
    this.sliceTicks = this.ticks;
    this.sliceCalls = 0;
    this.checkDeadline();
  }
}

// Which minutes a roll-up pass evaluates. Pure, so the incremental bookkeeping can be checked against a
// one-shot recomputation (coverage.test.ts): whatever the order and timing of passes, every minute of
// (oldest, target] ends up computed once from the latest data, with no gap and no double count.

export interface Coverage {
  /** Roll-ups cover (from, until]. */
  from: number | null;
  until: number | null;
}

export interface Span {
  from: number;
  to: number;
}

/** Split (from, to] into chunks of at most `chunk`, oldest first (or newest first going backwards). */
export function chunks(span: Span, chunk: number, backwards = false): Span[] {
  const out: Span[] = [];
  if (backwards)
    for (let hi = span.to; hi > span.from; hi = Math.max(span.from, hi - chunk))
      out.push({ from: Math.max(span.from, hi - chunk), to: hi });
  else
    for (let lo = span.from; lo < span.to; lo = Math.min(span.to, lo + chunk))
      out.push({ from: lo, to: Math.min(span.to, lo + chunk) });
  return out;
}

/**
 * The forward span of a pass at `target` (the newest settled minute end): everything after the coverage,
 * plus the last `recompute` ms again (late samples). A first pass covers only `firstPass` ms before the
 * target, so answers are right at once; `oldest` bounds both.
 */
export function forwardSpan(
  cov: Coverage,
  target: number,
  oldest: number,
  opts: { recompute: number; firstPass: number },
): Span | null {
  const from =
    cov.until === null
      ? Math.max(oldest, target - opts.firstPass)
      : Math.max(oldest, cov.from ?? oldest, Math.min(cov.until, target) - opts.recompute);
  // Coverage that fell behind `oldest` (a long outage) restarts at `oldest`: the gap is older than any window.
  return from < target ? { from, to: target } : null;
}

/** The backward span still to fill: from the oldest wanted minute up to where coverage starts. */
export function backwardSpan(cov: Coverage, oldest: number): Span | null {
  return cov.from !== null && cov.from > oldest ? { from: oldest, to: cov.from } : null;
}

export function widen(cov: Coverage, s: Span): Coverage {
  return {
    from: cov.from === null ? s.from : Math.min(cov.from, s.from),
    until: cov.until === null ? s.to : Math.max(cov.until, s.to),
  };
}

export interface PassOptions {
  /** Data younger than this may still be arriving: only minutes ending at least this long ago are rolled up. */
  settle: number;
  /** Minutes recomputed on every pass (late samples). */
  recompute: number;
  /** What a first pass rolls up before answering. */
  firstPass: number;
  /** Minutes per range query. */
  chunk: number;
  /** Backward chunks one backfilling pass may evaluate. */
  backfillChunks: number;
  /** History wanted: the SLO window, bounded by raw retention. */
  keep: number;
  bucket: number;
}

/** The spans one pass at `at` evaluates, in order. Forward spans first: burn rates must be current before
 * history is extended. Backward spans only when `backfill` (alarms; monitors' checks never wait for history). */
export function planPass(
  cov: Coverage,
  at: number,
  backfill: boolean,
  o: PassOptions,
): { target: number; oldest: number; spans: Span[] } {
  const target = Math.floor((at - o.settle) / o.bucket) * o.bucket;
  const oldest = Math.floor((target - o.keep) / o.bucket) * o.bucket;
  const fwd = forwardSpan(cov, target, oldest, o);
  const spans = fwd ? chunks(fwd, o.chunk) : [];
  if (backfill) {
    const afterFwd = fwd ? widen(cov, fwd) : cov;
    const back = backwardSpan(afterFwd, oldest);
    if (back) spans.push(...chunks(back, o.chunk, true).slice(0, o.backfillChunks));
  }
  return { target, oldest, spans };
}

/** Has the history reached as far back as wanted? (Alarms keep backfilling until it has.) */
export function backfilled(cov: Coverage, at: number, o: PassOptions): boolean {
  const { oldest } = planPass(cov, at, false, o);
  return backwardSpan(cov, oldest) === null && cov.from !== null;
}

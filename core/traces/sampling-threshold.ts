// A span's sampling probability from its W3C tracestate, per OpenTelemetry's "TraceState: Probability
// Sampling": the `ot` entry's `th` sub-key is a rejection threshold T out of 2^56 written as 1-14 hex digits
// (trailing zeros dropped), so a span was kept with probability (2^56 - T) / 2^56 and stands for 1 / that
// many spans. Without a well-formed `th` the probability is unknown: the span counts once, unweighted.

const MAX_THRESHOLD = 1n << 56n;
const TH = /^[0-9a-f]{1,14}$/;

export interface SpanWeight {
  /** How many spans this one stands for: 1 / sampling probability (1 when unknown). */
  adjustedCount: number;
  /** Whether the probability was known, i.e. the span carried a well-formed `th`. */
  weighted: boolean;
}

const UNWEIGHTED: SpanWeight = { adjustedCount: 1, weighted: false };

/** The `th` value of the `ot` list member, or undefined. */
export function thresholdOf(traceState: string | undefined): string | undefined {
  if (!traceState) return undefined;
  for (const member of traceState.split(",")) {
    const eq = member.indexOf("=");
    if (eq < 0 || member.slice(0, eq).trim() !== "ot") continue;
    for (const field of member
      .slice(eq + 1)
      .trim()
      .split(";")) {
      const colon = field.indexOf(":");
      if (colon > 0 && field.slice(0, colon) === "th") return field.slice(colon + 1);
    }
    return undefined;
  }
  return undefined;
}

/** Sampling probability in (0, 1] for a `th` value; null when it is malformed. */
export function probabilityOfThreshold(th: string): number | null {
  if (!TH.test(th)) return null;
  const t = BigInt(`0x${th.padEnd(14, "0")}`);
  return Number(MAX_THRESHOLD - t) / Number(MAX_THRESHOLD);
}

export function spanWeight(traceState: string | undefined): SpanWeight {
  const th = thresholdOf(traceState);
  const p = th === undefined ? null : probabilityOfThreshold(th);
  return p === null ? UNWEIGHTED : { adjustedCount: 1 / p, weighted: true };
}

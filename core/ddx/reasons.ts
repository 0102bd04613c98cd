// One line under each DDx row: the evidence behind its divergence, in words an on-call engineer reads at 2 AM.
import { num, pct } from "./explain";
import type { RowKind, ValueStats } from "./types";

export interface Words {
  /** "errors" / "of the signal"; "traffic" / "the series"; "error rate" / "signal per series". */
  signal: string;
  traffic: string;
  rate: string;
  /** Formats a rate of this mode. */
  fmt: (x: number) => string;
}

/** 0.072 -> "7.2%", 0.003 -> "0.3%", 0.00041 -> "0.041%". */
export function ratePct(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  if (x === 0) return "0%";
  const p = x * 100;
  return `${Number(p.toPrecision(p >= 10 ? 3 : 2))}%`;
}

export function wordsFor(mode: "rate" | "volume"): Words {
  return mode === "rate"
    ? { signal: "errors", traffic: "traffic", rate: "error rate", fmt: ratePct }
    : { signal: "the signal", traffic: "the series", rate: "level per series", fmt: num };
}

export interface ReasonContext {
  label: string;
  words: Words;
  /** The label's values all moved together. */
  alike: boolean;
  /** Labels of the higher rows this one shares its excess with, or is contained in. */
  together?: string[];
  within?: string;
  withinOutside?: number;
}

function shares(v: ValueStats, w: Words): string {
  return `${pct(v.windowShare)} of ${w.signal} on ${pct(v.trafficShare)} of ${w.traffic}`;
}

function rates(v: ValueStats, w: Words): string {
  const rest = Number.isFinite(v.restRate) ? ` vs ${w.fmt(v.restRate)} for the rest` : "";
  const before = v.newInWindow ? "; new since the baseline" : `, ${w.fmt(v.baselineRate)} in the baseline`;
  return `${w.rate} ${w.fmt(v.rate)}${rest}${before}`;
}

export function reasonFor(kind: RowKind, v: ValueStats, c: ReasonContext): string {
  const w = c.words;
  const parts: string[] = [];
  switch (kind) {
    case "cause":
      parts.push(shares(v, w), rates(v, w));
      if (v.olderThanBaseline) parts.push("already so in the baseline: the fault is older than the baseline");
      else if (v.comparison === "baseline" && v.concurrentShare >= 0.9)
        parts.push("it carried all the traffic at the time, so it marks when the change happened, not where");
      break;
    case "contained":
      parts.push(
        `its excess lies within ${c.within} (${pct(1 - (c.withinOutside ?? 0))}): it adds nothing beyond that row`,
      );
      break;
    case "alike":
      parts.push(`moved like every other ${c.label}: ${rates(v, w)}`);
      break;
    case "traffic-shift": {
      const ratio = v.baselineTrafficShare > 0 ? v.trafficShare / v.baselineTrafficShare : Number.POSITIVE_INFINITY;
      const moved = Number.isFinite(ratio) ? `${num(ratio)}x its share of ${w.traffic}` : `new ${w.traffic}`;
      parts.push(
        `traffic shift: ${moved} (${pct(v.baselineTrafficShare)} -> ${pct(v.trafficShare)}) at an unchanged ${w.rate} (${w.fmt(v.rate)} vs ${w.fmt(v.baselineRate)}): not a cause`,
      );
      break;
    }
    case "lower":
      parts.push(`${shares(v, w)}; ${w.rate} ${w.fmt(v.rate)}: no more than its share`);
      break;
    case "noise":
      parts.push(`${shares(v, w)}; ${rates(v, w)}: within the noise`);
      break;
  }
  if (c.together?.length && kind === "cause") parts.push(`together with ${c.together.join(" and ")}`);
  return `${parts.join("; ")}.`;
}

// PromQL for a service's request, error and latency figures from one resolved metric family. The same
// expressions feed the figures (instant, over the whole window) and the charts (range, per step), and are shown
// to the user, so what the service page says can be checked in the explorer.
import { LEGACY_LABEL_NAME } from "../promql/labels";
import type { LabelMatcher } from "../promql/types";
import type { ResolvedFamily } from "./resolve";
import { serviceMatcher } from "./resolve";

const quote = (s: string) => JSON.stringify(s);
const labelName = (n: string) => (LEGACY_LABEL_NAME.test(n) ? n : quote(n));

export function selector(metric: string, matchers: readonly LabelMatcher[]): string {
  const parts = matchers.map((x) => `${labelName(x.name)}${x.op}${quote(x.value)}`);
  if (LEGACY_LABEL_NAME.test(metric)) return parts.length ? `${metric}{${parts.join(", ")}}` : metric;
  return `{${[quote(metric), ...parts].join(", ")}}`;
}

/** A PromQL duration in whole milliseconds, written in the largest exact unit. */
export function promDuration(ms: number): string {
  const whole = Math.max(1, Math.round(ms));
  for (const [unit, size] of [
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ] as const)
    if (whole % size === 0) return `${whole / size}${unit}`;
  return `${whole}ms`;
}

export interface FamilyQueries {
  /** Requests per second, averaged over `range`. */
  requests: string;
  errors: string;
  p50: string | null;
  p99: string | null;
}

/**
 * `by` groups the answer (the service label, and the callee label for calls); `only` narrows it to one service
 * (and callee). Latency quantiles come out in seconds.
 */
export function familyQueries(
  r: ResolvedFamily,
  range: string,
  opts: { by?: string[]; service?: string; peer?: string } = {},
): FamilyQueries {
  const f = r.family;
  const narrow: LabelMatcher[] = [...f.select, ...r.scope];
  if (opts.service !== undefined) narrow.push(serviceMatcher(r.serviceLabel, "=", opts.service));
  if (opts.peer !== undefined && r.peerLabel) narrow.push({ name: r.peerLabel, op: "=", value: opts.peer });
  const by = opts.by ?? [];
  const grouping = by.length ? ` by (${by.map(labelName).join(", ")})` : "";
  const rate = (metric: string, extra: LabelMatcher[] = []) =>
    `rate(${selector(metric, [...narrow, ...extra])}[${range}])`;
  const requests = `sum${grouping} (${rate(f.count)})`;
  const errorParts = f.failed ? [rate(f.failed)] : f.errors.map((alt) => rate(f.count, alt));
  // Alternatives select disjoint series (different status values), so `or` is their union.
  const errors = errorParts.length ? `sum${grouping} (${errorParts.join(" or ")})` : `${requests} * 0`;
  const quantile = (q: number) =>
    f.bucket
      ? `histogram_quantile(${q}, sum by (${[...by, "le"].map(labelName).join(", ")}) (${rate(f.bucket)}))`
      : null;
  const scale = (e: string | null) => (e && f.toSeconds !== 1 ? `${e} * ${f.toSeconds}` : e);
  return { requests, errors, p50: scale(quantile(0.5)), p99: scale(quantile(0.99)) };
}

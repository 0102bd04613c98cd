// Number formatting shared by the trace, service and log pages.

/** Microseconds -> "850µs", "12.3ms", "4.10s", "2m 05s". */
export function fmtUs(us: number): string {
  if (!Number.isFinite(us)) return "–";
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1e6) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)}ms`;
  if (us < 60e6) return `${(us / 1e6).toFixed(2)}s`;
  const s = Math.round(us / 1e6);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

export const fmtMs = (ms: number | null | undefined): string => (ms == null ? "–" : fmtUs(ms * 1000));

/** Rates with enough precision to tell 0.02/s from 0. */
export function fmtRate(n: number): string {
  if (n === 0) return "0";
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  if (n >= 0.01) return n.toFixed(2);
  return n < 1e-4 ? "<0.0001" : String(Number(n.toPrecision(2)));
}

export const fmtPct = (r: number): string => `${(r * 100).toFixed(r >= 0.1 ? 0 : 1)}%`;

/** A change factor: "x39", "x1.2"; null when there is no baseline to compare with. */
export function fmtFactor(f: number | null): string | null {
  if (f == null || !Number.isFinite(f)) return null;
  return `x${f >= 10 ? Math.round(f) : f.toFixed(1).replace(/\.0$/, "")}`;
}

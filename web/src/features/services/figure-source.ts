// Where a service's figures come from, in words, and which baseline they are compared with.
import type { FigureSources, GraphNode } from "../../api/services";

export const COMPARE_CHOICES = [
  { value: "1h", label: "1 hour earlier" },
  { value: "prev", label: "the period just before" },
  { value: "1d", label: "1 day earlier" },
  { value: "1w", label: "1 week earlier" },
] as const;
export type Compare = (typeof COMPARE_CHOICES)[number]["value"];

export function readCompare(v: string | null): Compare {
  return COMPARE_CHOICES.find((c) => c.value === v)?.value ?? "1h";
}

/** The API's compareOffset for a choice; "the period just before" is as long as the window. */
export function compareOffset(c: Compare, win: { start: number; end: number }): string {
  return c === "prev" ? `${Math.max(1, Math.round(win.end - win.start))}ms` : c;
}

/** "From metrics: OpenTelemetry HTTP server metrics (…)", "From spans weighted by their sampling probability",
 * or a plain warning that spans without a sampling probability are a sample, not rates. */
export function figureSource(node: Pick<GraphNode, "origin" | "family"> | undefined, sources?: FigureSources): string {
  if (!node) return "No figures";
  if (node.origin === "metrics") {
    const f = sources?.families.find((x) => x.id === node.family);
    return `From metrics: ${f?.title ?? node.family ?? "the service's own metrics"}`;
  }
  if (node.origin === "weighted-spans") return "From spans weighted by their sampling probability (tracestate th)";
  return "From sampled spans, not weighted: counts are a sample, not request rates (no request metrics found)";
}

import { describe, expect, it } from "vitest";
import type { SpanRecord } from "../otlp/traces/types";
import type { TraceSummary } from "../traces/contracts";
import { mergeTraceParts, mergeTraceSummaries } from "./merge-traces";

const span = (spanId: string, startUs: number) => ({ spanId, startUs }) as SpanRecord;
const summary = (p: Partial<TraceSummary>): TraceSummary => ({
  traceId: "t1",
  rootService: "",
  rootOperation: "",
  hasRoot: false,
  startUs: 0,
  durationUs: 0,
  spanCount: 0,
  errorCount: 0,
  services: [],
  matchedAtUs: 0,
  ...p,
});

describe("merging a trace split across shard objects", () => {
  it("joins the spans of each home once, by start", () => {
    const out = mergeTraceParts([
      { spans: [span("b", 20), span("a", 10)], truncated: false },
      { spans: [span("c", 5), span("b", 20)], truncated: true },
      { spans: [], truncated: false },
    ]);
    expect(out.spans.map((s) => s.spanId)).toEqual(["c", "a", "b"]);
    expect(out.truncated).toBe(true);
    expect(mergeTraceParts([{ spans: [], truncated: false }])).toEqual({ spans: [], truncated: false });
  });

  it("lists a trace found in two objects once, with both halves counted", () => {
    const out = mergeTraceSummaries([
      summary({ startUs: 100, durationUs: 50, spanCount: 2, services: ["b"], matchedAtUs: 140 }),
      summary({ traceId: "t2", spanCount: 1 }),
      summary({
        hasRoot: true,
        rootService: "a",
        rootOperation: "GET /",
        startUs: 90,
        durationUs: 20,
        spanCount: 3,
        errorCount: 1,
        services: ["a", "b"],
        matchedAtUs: 95,
      }),
    ]);
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual(
      summary({
        hasRoot: true,
        rootService: "a",
        rootOperation: "GET /",
        startUs: 90,
        durationUs: 60,
        spanCount: 5,
        errorCount: 1,
        services: ["a", "b"],
        matchedAtUs: 140,
      }),
    );
  });
});

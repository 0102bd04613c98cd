import { describe, expect, it } from "vitest";
import { figureOf, RANKED_BY_TEXT, ratePct, reasonOf, TRACE_KIND_TEXT, traceFigureOf } from "./divergence";

describe("metric DDx rows", () => {
  it("shows the divergence as a whole percentage, and an older snapshot's score as a score", () => {
    expect(figureOf({ divergence: 78.7, score: 78.7 })).toEqual({ value: 78.7, text: "79%" });
    expect(figureOf({ divergence: 0.4, score: 0.4 }).text).toBe("<1%");
    expect(figureOf({ divergence: 0, score: 0 }).text).toBe("0%");
    expect(figureOf({ score: 64.41 })).toEqual({ value: 64.41, text: "score 64.41" });
  });

  it("reads the reason, or the explanation of an older snapshot without its label=value prefix", () => {
    expect(reasonOf({ reason: "91% of errors on 29% of traffic.", explanation: "x", label: "a", value: "b" })).toBe(
      "91% of errors on 29% of traffic.",
    );
    expect(reasonOf({ explanation: "endpoint=/pay: 95% of the signal.", label: "endpoint", value: "/pay" })).toBe(
      "95% of the signal.",
    );
  });

  it("formats error rates for the charts", () => {
    expect(ratePct(0.072)).toBe("7.2%");
    expect(ratePct(0.0031)).toBe("0.31%");
    expect(ratePct(0.235)).toBe("23.5%");
    expect(ratePct(null)).toBe("");
  });
});

describe("trace DDx rows", () => {
  it("shows a version 2 snapshot's divergence and an older one's population score, and names the comparison", () => {
    expect(traceFigureOf({ divergence: 91.2, score: 91.2 }).text).toBe("91%");
    expect(traceFigureOf({ score: 43.52 }).text).toBe("score 43.52");
    expect(RANKED_BY_TEXT.time).toMatch(/vs before/);
    expect(RANKED_BY_TEXT.population).toMatch(/the rest now/);
    expect(TRACE_KIND_TEXT.symptom).toBe("symptom");
  });
});

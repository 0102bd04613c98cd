import { describe, expect, it } from "vitest";
import { figureSource } from "./figure-source";

describe("figureSource", () => {
  it("names metrics, weighted spans, and warns only about spans without a sampling probability", () => {
    const sources = {
      families: [
        {
          id: "otel.http.server",
          title: "OpenTelemetry HTTP server metrics",
          role: "server" as const,
          metric: "m",
          services: [],
        },
      ],
      unusable: [],
      spans: "",
    };
    expect(figureSource({ origin: "metrics", family: "otel.http.server" }, sources)).toBe(
      "From metrics: OpenTelemetry HTTP server metrics",
    );
    expect(figureSource({ origin: "weighted-spans" })).toBe(
      "From spans weighted by their sampling probability (tracestate th)",
    );
    expect(figureSource({ origin: "spans" })).toMatch(/not weighted/);
    expect(figureSource(undefined)).toBe("No figures");
  });
});

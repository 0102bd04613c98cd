import { describe, expect, it } from "vitest";
import { CACHED_AT_HEADER } from "../sw/api-cache";
import { asOf, noteAnswer } from "./freshness";

const cached = (at: number) => new Response("{}", { headers: { [CACHED_AT_HEADER]: String(at) } });

describe("noteAnswer", () => {
  it("keeps the newest answer: a network one at its arrival, a cached one at when it was stored", () => {
    expect(asOf()).toBeNull();
    noteAnswer(cached(1_000), 9_000);
    expect(asOf()).toBe(1_000);
    noteAnswer(cached(3_000), 9_000);
    expect(asOf()).toBe(3_000);
    noteAnswer(cached(2_000), 9_000); // an older cached list read after a newer alert
    expect(asOf()).toBe(3_000);
    noteAnswer(new Response("{}"), 9_000);
    expect(asOf()).toBe(9_000);
  });
});

import { describe, expect, it } from "vitest";
import { CACHED_AT_HEADER } from "../sw/api-cache";
import { asOf, noteAnswer, noteUnreachable, offline } from "./freshness";

const cached = (at: number) => new Response("{}", { headers: { [CACHED_AT_HEADER]: String(at) } });

describe("freshness", () => {
  it("keeps the newest answer and tells offline from where it came", () => {
    expect(asOf()).toBeNull();
    expect(offline()).toBe(false);
    noteAnswer(cached(1_000), 9_000);
    expect(asOf()).toBe(1_000); // when the worker stored it, not when it was read
    expect(offline()).toBe(true);
    noteAnswer(cached(3_000), 9_000);
    noteAnswer(cached(2_000), 9_000); // an older cached list read after a newer alert
    expect(asOf()).toBe(3_000);
    noteAnswer(new Response("{}"), 9_000);
    expect(asOf()).toBe(9_000);
    expect(offline()).toBe(false);
    noteUnreachable();
    expect(offline()).toBe(true);
    expect(asOf()).toBe(9_000);
  });
});

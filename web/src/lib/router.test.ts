import { describe, expect, it } from "vitest";
import { matchRoute } from "./router";

describe("matchRoute", () => {
  it("matches static and param segments", () => {
    expect(matchRoute("/", "/")).toEqual({});
    expect(matchRoute("/alerts", "/alerts/")).toEqual({});
    expect(matchRoute("/alerts/:id", "/alerts/a%2F1")).toEqual({ id: "a/1" });
    expect(matchRoute("/alerts/:id", "/alerts")).toBeNull();
    expect(matchRoute("/alerts", "/monitors")).toBeNull();
  });
  it("rest segments collect the tail", () => {
    expect(matchRoute("/share/notebooks/*", "/share/notebooks/abc/def")).toEqual({ "*": "abc/def" });
  });
});

import { describe, expect, it } from "vitest";
import { CACHED_AT_HEADER, cachedAt, isOfflineRead } from "./api-cache";

const origin = "https://vigil.example";
const read = (path: string, method = "GET", o = origin) => isOfflineRead(new URL(path, o), method, origin);

describe("isOfflineRead", () => {
  it("keeps the alert list, an alert, the notebooks and who is signed in", () => {
    expect(read("/api/me")).toBe(true);
    expect(read("/api/alerts?state=firing&limit=200")).toBe(true);
    expect(read("/api/alerts/a1b2")).toBe(true);
    expect(read("/api/notebooks")).toBe(true);
    expect(read("/api/notebooks/nb_1")).toBe(true);
  });

  it("never keeps a write, another origin, or reads nobody needs offline", () => {
    expect(read("/api/alerts/a1b2", "POST")).toBe(false);
    expect(read("/api/me", "PATCH")).toBe(false);
    expect(read("/api/alerts", "GET", "https://elsewhere.example")).toBe(false);
    expect(read("/api/alerts/a1b2/comments")).toBe(false);
    expect(read("/api/notebooks/nb_1/export.md")).toBe(false);
    expect(read("/api/me/push-devices")).toBe(false);
    expect(read("/api/v1/query_range?query=up")).toBe(false);
    expect(read("/alerts")).toBe(false);
  });
});

describe("cachedAt", () => {
  it("reads the stamp the worker put on a stored response", () => {
    expect(cachedAt(new Headers({ [CACHED_AT_HEADER]: "1764989100000" }))).toBe(1764989100000);
  });

  it("is null for a network response or a stamp that is not a time", () => {
    expect(cachedAt(new Headers())).toBeNull();
    expect(cachedAt(new Headers({ [CACHED_AT_HEADER]: "yesterday" }))).toBeNull();
  });
});

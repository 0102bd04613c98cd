import { describe, expect, it } from "vitest";
import { ApiRequestError, errorHint, toApiError } from "./errors";
import { backoffMs, liveUrl } from "./live-backoff";
import { codeFromHash, tokenFromHash } from "./token";
import { buildUrl } from "./client";

describe("api helpers", () => {
  it("maps Vigil's envelope and Prometheus' envelope", () => {
    const v = toApiError(403, { error: { code: "FORBIDDEN", message: "needs write", requestId: "r1" } }, "x");
    expect([v.code, v.message, v.requestId, v.status]).toEqual(["FORBIDDEN", "needs write", "r1", 403]);
    expect(errorHint(v)).toMatch(/scope/);
    const p = toApiError(400, { status: "error", errorType: "bad_data", error: "parse error at char 3" }, "x");
    expect([p.code, p.message]).toEqual(["bad_data", "parse error at char 3"]);
    expect(toApiError(502, "<html>", "502 Bad Gateway").message).toBe("502 Bad Gateway");
    expect(errorHint(new ApiRequestError("no route for GET /api/home", 404, "NOT_FOUND"))).toMatch(/not offer/);
  });
  it("reads the token from the sign-in hash", () => {
    expect(tokenFromHash("#token=vgl_abc%2B1")).toBe("vgl_abc+1");
    expect(tokenFromHash("#x=1&token=t")).toBe("t");
    expect(tokenFromHash("#nothing")).toBeNull();
    expect(codeFromHash("#code=vsl_abc-_1")).toBe("vsl_abc-_1");
    expect(codeFromHash("#token=vgl_x")).toBeNull();
  });
  it("builds query strings, repeating arrays and dropping empties", () => {
    expect(buildUrl("/api/x", { a: "1", b: undefined, c: ["x", "y"], d: "" })).toBe("/api/x?a=1&c=x&c=y");
  });
  it("live reconnect backs off with jitter under a cap and resumes from the last id", () => {
    expect(backoffMs(0, () => 0)).toBe(250);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(50, () => 1)).toBe(15_000);
    expect(liveUrl({ protocol: "https:", host: "v.example" }, "t", ["alerts"], 42)).toBe(
      "wss://v.example/api/live?access_token=t&topics=alerts&resume_from=42",
    );
  });
});

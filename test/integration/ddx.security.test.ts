import { describe, expect, it } from "vitest";
import { json, tokenWith } from "./helpers";

const now = Date.now();
const window = { start: now - 20 * 60_000, end: now - 5 * 60_000 };
const bodies: Record<string, unknown> = {
  "/api/ddx/metrics": { query: "up", window },
  "/api/ddx/traces": { service: "checkout-service", window },
};

describe("DDx API security", () => {
  for (const [path, body] of Object.entries(bodies)) {
    it(`${path}: no token -> 401 in the envelope`, async () => {
      const res = await json(path, body, { token: null });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    });

    it(`${path}: an ingest-only token -> 403`, async () => {
      const res = await json(path, body, { token: await tokenWith(["ingest"]) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    });

    it(`${path}: a read token -> 200`, async () => {
      const res = await json(path, body, { token: await tokenWith(["read"]) });
      expect(res.status).toBe(200);
    });
  }

  it("validates before anything else runs, without leaking internals", async () => {
    const res = await json("/api/ddx/traces", { window, comparison: "slow" }, { token: await tokenWith(["read"]) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.message).toMatch(/thresholdMs/);
  });

  it("refuses oversized bodies", async () => {
    const res = await json("/api/ddx/metrics", { query: "up", window, pad: "x".repeat(70_000) });
    expect(res.status).toBe(413);
  });
});

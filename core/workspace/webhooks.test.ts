import { describe, expect, it } from "vitest";
import { changeEventInputSchema, checkChangeEvent, parseLabelFilter } from "../contracts/change-events";
import { argoCdSchema, boundedPayload, fromArgoCd, fromGitHub, githubSchema } from "./webhooks";

const NOW = Date.parse("2026-11-25T02:12:00Z");

describe("webhook mapping", () => {
  it("ArgoCD: falls back to now for stale timestamps and clips long titles", () => {
    const ev = fromArgoCd(
      argoCdSchema.parse({ app: "a".repeat(150), version: "v1", timestamp: "2020-01-01T00:00:00Z" }),
      NOW,
    );
    expect(ev.happenedAt).toBe(NOW);
    expect(ev.title.length).toBe(100);
    const sec = fromArgoCd(argoCdSchema.parse({ app: "x", timestamp: NOW / 1000 - 30 }), NOW);
    expect(sec.happenedAt).toBe(NOW - 30_000);
  });

  it("ArgoCD: failed syncs say so; image tags become versions", () => {
    const ev = fromArgoCd(
      argoCdSchema.parse({ app: "checkout-service", image: "reg:5000/checkout-service:v3.41.0", phase: "Failed" }),
      NOW,
    );
    expect(ev.title).toBe("Deploy failed: checkout-service v3.41.0");
    expect(ev.labels.version).toBe("v3.41.0");
  });

  it("GitHub: deployment without a ref uses the short sha", () => {
    const ev = fromGitHub(
      "deployment",
      githubSchema.parse({
        deployment: { sha: "a84d88e7554fc1fa21bc", environment: "staging" },
        repository: { name: "order-service" },
      }),
      NOW,
    );
    expect(ev.title).toBe("Deploy: order-service a84d88e7554f to staging");
  });

  it("bounds stored payloads to 100 KB", () => {
    expect(boundedPayload({ a: 1 })).toEqual({ a: 1 });
    expect(boundedPayload({ a: "x".repeat(200_000) })).toMatchObject({ truncated: true });
  });
});

describe("change event rules", () => {
  it("defaults type and time, enforces the 24 h window", () => {
    const ok = checkChangeEvent(
      changeEventInputSchema.parse({ title: "t", source: "s", category: "feature_flags" }),
      NOW,
    );
    expect(ok).toMatchObject({ ok: true, event: { type: "flag_change", happenedAt: NOW, labels: {} } });
    expect(
      checkChangeEvent(
        changeEventInputSchema.parse({ title: "t", source: "s", category: "other", happened_at: NOW - 86_400_001 }),
        NOW,
      ).ok,
    ).toBe(false);
    expect(
      checkChangeEvent(
        changeEventInputSchema.parse({ title: "t", source: "s", category: "other", happened_at: NOW - 86_400_000 }),
        NOW,
      ).ok,
    ).toBe(true);
  });

  it("measures the payload in UTF-8 bytes", () => {
    const input = changeEventInputSchema.parse({
      title: "t",
      source: "s",
      category: "other",
      payload: "é".repeat(60_000),
    });
    const r = checkChangeEvent(input, NOW);
    expect(r.ok).toBe(false);
  });

  it("parses label filters", () => {
    expect(parseLabelFilter("service=checkout-service, region=us-east-1,url=a=b")).toEqual([
      ["service", "checkout-service"],
      ["region", "us-east-1"],
      ["url", "a=b"],
    ]);
    expect(parseLabelFilter("broken")).toHaveProperty("error");
    expect(parseLabelFilter(undefined)).toEqual([]);
  });
});

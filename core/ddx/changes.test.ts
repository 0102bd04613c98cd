import { describe, expect, it } from "vitest";
import { findChange } from "./changes";

const T0 = Date.UTC(2026, 10, 24, 2, 12);
const deploy = {
  id: "chg_1",
  title: "Deploy: checkout-service v3.41.0",
  source: "ArgoCD",
  category: "deploys",
  happenedAt: T0,
  labels: { service: "checkout-service", region: "us-east-1" },
};
const flag = {
  id: "chg_2",
  title: "Flag new-client on",
  source: "LaunchDarkly",
  category: "feature_flags",
  happenedAt: T0 - 60_000,
  labels: { version: "v3.41.0" },
};
const older = {
  id: "chg_0",
  title: "Deploy: checkout-service v3.41.0",
  source: "ArgoCD",
  category: "deploys",
  happenedAt: T0 - 86_400_000,
  labels: {},
};

describe("findChange", () => {
  it("links a version to the deploy that names it, deploys first", () => {
    const link = findChange("v3.41.0", [flag, deploy, older], T0 - 3_600_000, T0 + 600_000)!;
    expect(link.id).toBe("chg_1");
    expect(link.matchedBy).toBe("title");
  });

  it("matches labels and whole tokens only", () => {
    expect(findChange("checkout-service", [deploy], 0, T0 + 1)!.matchedBy).toBe("label");
    expect(findChange("v3.4", [deploy], 0, T0 + 1)).toBeUndefined();
    expect(findChange("v3.41", [deploy], 0, T0 + 1)).toBeUndefined();
  });

  it("ignores generic values and events outside the range", () => {
    expect(findChange("503", [{ ...deploy, title: "Deploy 503 fix" }], 0, T0 + 1)).toBeUndefined();
    expect(findChange("v3.41.0", [deploy], T0 + 1, T0 + 2)).toBeUndefined();
  });
});

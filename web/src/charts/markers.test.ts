import { describe, expect, it } from "vitest";
import { cardOf, chipOrder, hitTest, MARKER_COLORS, splitMarkers, type Marker } from "./markers";

const deploy: Marker = {
  time: 1000,
  label: "Deploy: checkout-service v3.41.0",
  kind: "deploy",
  card: { title: "Deploy", source: "ArgoCD", author: "deploy-bot", region: "us-east-1" },
};
const rollback: Marker = {
  time: 9000,
  label: "Rollback",
  kind: "rollback",
  card: { title: "Rollback", reason: "DNS" },
};
const alert = (time: number, state: string, group = "alr_1"): Marker => ({
  time,
  label: `Checkout error budget burn critical ${state}`,
  kind: "alert",
  group,
  state,
  card: { title: `Checkout error budget burn critical ${state}` },
});

describe("chart markers", () => {
  it("draws each alert as one band from its first to its last transition", () => {
    const { lines, bands } = splitMarkers([
      alert(3000, "pending"),
      deploy,
      alert(4000, "firing"),
      alert(8000, "resolved"),
      rollback,
    ]);
    expect(lines.map((m) => m.kind)).toEqual(["deploy", "rollback"]);
    expect(bands).toHaveLength(1);
    expect(bands[0]).toMatchObject({ group: "alr_1", start: 3000, end: 8000, label: "Checkout error budget burn" });
    // still firing: open band
    expect(splitMarkers([alert(3000, "pending"), alert(4000, "firing")]).bands[0].end).toBeNull();
  });

  it("orders chips with changes first and one chip per alert", () => {
    const chips = chipOrder([
      alert(500, "firing"),
      alert(600, "resolved"),
      alert(700, "firing", "alr_2"),
      rollback,
      deploy,
    ]);
    expect(chips.map((c) => (c.kind === "line" ? c.marker.kind : `band:${c.band.group}`))).toEqual([
      "deploy",
      "rollback",
      "band:alr_1",
      "band:alr_2",
    ]);
  });

  it("finds the line under the pointer first, then the band around it", () => {
    const ms = [deploy, alert(3000, "firing"), alert(8000, "resolved")];
    expect(hitTest(ms, 1040, 50, 10_000)).toMatchObject({ kind: "line", marker: deploy });
    expect(hitTest(ms, 5000, 50, 10_000)).toMatchObject({ kind: "band" });
    expect(hitTest(ms, 9500, 50, 10_000)).toBeNull();
    const card = cardOf(hitTest(ms, 1000, 50, 10_000)!);
    expect(card).toMatchObject({
      title: "Deploy",
      source: "ArgoCD",
      author: "deploy-bot",
      region: "us-east-1",
      color: MARKER_COLORS.deploy,
    });
  });

  it("gives deploys, rollbacks and alerts distinct colours", () => {
    expect(
      new Set([MARKER_COLORS.deploy, MARKER_COLORS.rollback, MARKER_COLORS.alert, MARKER_COLORS.change]).size,
    ).toBe(4);
  });
});

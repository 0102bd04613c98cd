import { describe, expect, it } from "vitest";
import { displayState, mergeAlert, type Alert } from "./alerts";
import { moveId } from "./notebooks";

const a = (id: string, startedAt: number, extra: Partial<Alert> = {}): Alert =>
  ({
    id,
    startedAt,
    state: "firing",
    severity: "critical",
    muted: false,
    monitorId: "m",
    monitorSlug: "m",
    monitorName: "m",
    signalLabels: {},
    labels: {},
    annotations: {},
    flapping: false,
    firingAt: startedAt,
    resolvedAt: null,
    lastValue: 1,
    updatedAt: startedAt,
    ...extra,
  }) as Alert;

describe("alert helpers", () => {
  it("display state: resolved and muted win over severity", () => {
    expect(displayState(a("1", 1))).toBe("critical");
    expect(displayState(a("1", 1, { muted: true }))).toBe("muted");
    expect(displayState(a("1", 1, { muted: true, state: "resolved" }))).toBe("resolved");
    expect(displayState(a("1", 1, { severity: "warning", state: "pending" }))).toBe("pending");
  });
  it("a live transition replaces the alert in place and keeps newest first", () => {
    const list = [a("2", 20), a("1", 10)];
    const next = mergeAlert(list, a("1", 10, { state: "resolved" }));
    expect(next.map((x) => [x.id, x.state])).toEqual([
      ["2", "firing"],
      ["1", "resolved"],
    ]);
    expect(mergeAlert(list, a("3", 30)).map((x) => x.id)).toEqual(["3", "2", "1"]);
  });
  it("moves notebook cells up and down, never off the ends", () => {
    expect(moveId(["a", "b", "c"], "b", -1)).toEqual(["b", "a", "c"]);
    expect(moveId(["a", "b", "c"], "c", 1)).toEqual(["a", "b", "c"]);
    expect(moveId(["a", "b", "c"], "x", 1)).toEqual(["a", "b", "c"]);
  });
});

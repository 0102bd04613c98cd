// Flapping never hides a page. Off by default (every episode pages); when a monitor turns it on, a flapping
// signal pages once marked flapping, stays quiet, and pages normally once a breach holds for the sustain window.
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate";
import { applySent, planNotification, type NotifyAction, type SentRecord } from "./notify-plan";
import { emptyState, type EvalSpec, type MonitorState } from "./types";

const STEP = 15_000;
const spec = (flapThreshold: number, sustainMs = 0): EvalSpec => ({
  monitorId: "m1",
  conditions: [{ severity: "critical", operator: ">", threshold: 5, sustainMs, resolveWindowMs: 0 }],
  signalBy: { mode: "monitor" },
  noData: "nodata",
  flapThreshold,
  flapWindowMs: 3600_000,
});

/** Feed one value per check; plan and "send" like the monitor object does; return what went out. */
function pages(sp: EvalSpec, values: number[]) {
  let st: MonitorState = emptyState();
  let sent: SentRecord | undefined;
  const out: (NotifyAction & { at: number })[] = [];
  values.forEach((v, i) => {
    const now = i * STEP;
    st = evaluate(sp, st, [{ labels: {}, value: v }], now).state;
    const a = planNotification(Object.values(st.entries), sent, {
      muted: false,
      now,
      repeatMs: 0,
      holdMs: () => Math.max(sp.conditions[0].sustainMs, STEP),
    });
    if (!a) return;
    sent = applySent(a, now);
    out.push({ ...a, at: now });
  });
  return out;
}

/** Five breaches in an hour: three one-check blips, then two real outages of `hold` checks, all with sustain 0. */
const fiveBreaches = (hold: number) => [
  ...[0, 1, 2].flatMap(() => [9, 1, 1, 1]),
  ...Array.from({ length: hold }, () => 9),
  1,
  1,
  ...Array.from({ length: hold }, () => 9),
  1,
];

describe("flapping", () => {
  it("off (the default): each of five breaches in an hour pages, and each resolves", () => {
    const sent = pages(spec(0), fiveBreaches(8));
    expect(sent.filter((a) => a.kind === "trigger")).toHaveLength(5);
    expect(sent.filter((a) => a.kind === "resolve")).toHaveLength(5);
    expect(sent.some((a) => a.flapping)).toBe(false);
  });

  it("on: the flapping signal pages once marked flapping, is quiet, and each real breach still pages", () => {
    const sent = pages(spec(4), fiveBreaches(8));
    const kinds = sent.map((a) => `${a.kind}${a.flapping ? "(flapping)" : ""}`);
    expect(kinds).toEqual([
      // Blips 1 and 2 page and resolve normally; their four changes make the signal flap.
      "trigger",
      "resolve",
      "trigger",
      "resolve",
      // Blip 3 flaps: one page marked flapping, then quiet (its clear sends nothing; the page stays open).
      "trigger(flapping)",
      // Breach 4 holds one check past firing: it pages normally, and resolves when it clears.
      "trigger",
      "resolve",
      // Breach 5: the same again.
      "trigger(flapping)",
      "trigger",
      "resolve",
    ]);
  });

  it("on, with a sustain: the normal page waits until the breach has held firing for the sustain", () => {
    const sent = pages(spec(2, 30_000), [9, 9, 9, 1, 9, 9, 9, 9, 9]);
    expect(sent.map((a) => [a.kind, a.flapping ?? false, a.at])).toEqual([
      ["trigger", false, 2 * STEP],
      ["resolve", false, 3 * STEP],
      ["trigger", true, 6 * STEP], // fired again (after its 30 s sustain) while flapping
      ["trigger", false, 8 * STEP], // and held firing for another 30 s
    ]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Matcher, type MuteRule, muteStatus, mutedBy, ruleMatches } from "../alerting/muting";
import { buildMuteIndex, candidates } from "./mute-index";

const names = ["service", "region", "env"];
const values = ["a", "b", ""];
const matcher = fc.record({
  name: fc.constantFrom(...names),
  op: fc.constantFrom<Matcher["op"]>("=", "!=", "=~", "!~"),
  value: fc.constantFrom(...values, "a|b", ".*"),
});
const rule = fc.record({
  id: fc.uuid(),
  matchers: fc.array(matcher, { maxLength: 3 }),
  monitorId: fc.option(fc.constantFrom("m1", "m2"), { nil: null }),
  startsAt: fc.constantFrom(0, 50),
  endsAt: fc.constantFrom(40, 100),
});
const alert = fc.record({
  monitorId: fc.constantFrom("m1", "m2"),
  labels: fc.dictionary(fc.constantFrom(...names), fc.constantFrom(...values)),
});

describe("mute index", () => {
  it("finds exactly the rules a scan of all rules finds", () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 40 }), alert, fc.constantFrom(10, 60), (rules, a, now) => {
        const brute = rules.filter((r) => muteStatus(r, now) === "active" && ruleMatches(r, a)).map((r) => r.id);
        expect(
          mutedBy(a, rules, now)
            .map((r) => r.id)
            .sort(),
        ).toEqual(brute.sort());
      }),
    );
  });

  it("looks at few rules among many (no cap: all 20,000 apply)", () => {
    const rules: MuteRule[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `r${i}`,
      matchers: [{ name: "service", op: "=", value: `svc-${i}` }],
      monitorId: null,
      startsAt: 0,
      endsAt: 100,
    }));
    const idx = buildMuteIndex(rules);
    expect(candidates(idx, { monitorId: "m", labels: { service: "svc-19999" } }).map((r) => r.id)).toEqual(["r19999"]);
    expect(mutedBy({ monitorId: "m", labels: { service: "svc-19999" } }, rules, 10).map((r) => r.id)).toEqual([
      "r19999",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { type InhibitRule, inhibitorsOf, possibleSources } from "./inhibit";

const rule = (over: Partial<InhibitRule> = {}): InhibitRule => ({
  id: "r1",
  sourceMatchers: [{ name: "service", op: "=", value: "checkout" }],
  targetMatchers: [{ name: "service", op: "=", value: "payment-gateway" }],
  equal: ["env"],
  ...over,
});
const checkout = { id: "a1", labels: { service: "checkout", env: "prod" } };
const payments = { id: "a2", labels: { service: "payment-gateway", env: "prod" } };

describe("inhibition (Alertmanager semantics)", () => {
  it("a firing source holds a matching target with equal labels", () => {
    expect(inhibitorsOf(payments, [rule()], [checkout])).toEqual(["a1"]);
  });

  it("needs the equal labels to agree; both missing counts as equal", () => {
    expect(inhibitorsOf(payments, [rule()], [{ ...checkout, labels: { ...checkout.labels, env: "staging" } }])).toEqual(
      [],
    );
    const bare = { id: "b", labels: { service: "checkout" } };
    expect(inhibitorsOf({ id: "t", labels: { service: "payment-gateway" } }, [rule()], [bare])).toEqual(["b"]);
    expect(inhibitorsOf(payments, [rule()], [bare])).toEqual([]);
  });

  it("needs the target side to match, and a source to exist", () => {
    expect(inhibitorsOf(checkout, [rule()], [payments])).toEqual([]);
    expect(inhibitorsOf(payments, [rule()], [])).toEqual([]);
  });

  it("regex matchers are fully anchored", () => {
    const r = rule({ sourceMatchers: [{ name: "service", op: "=~", value: "check" }] });
    expect(inhibitorsOf(payments, [r], [checkout])).toEqual([]);
    const r2 = rule({ sourceMatchers: [{ name: "service", op: "=~", value: "check.*" }] });
    expect(inhibitorsOf(payments, [r2], [checkout])).toEqual(["a1"]);
  });

  it("critical inhibits warning of the same alert name, never itself, and two-sided matches do not hold each other", () => {
    const r = rule({
      sourceMatchers: [{ name: "severity", op: "=", value: "critical" }],
      targetMatchers: [{ name: "severity", op: "=~", value: "warning|critical" }],
      equal: ["alertname"],
    });
    const crit = { id: "c", labels: { alertname: "Errors", severity: "critical" } };
    const crit2 = { id: "c2", labels: { alertname: "Errors", severity: "critical" } };
    const warn = { id: "w", labels: { alertname: "Errors", severity: "warning" } };
    expect(inhibitorsOf(warn, [r], [crit, warn])).toEqual(["c"]);
    expect(inhibitorsOf(crit, [r], [crit, crit2, warn])).toEqual([]);
  });

  it("lists every inhibitor once, across rules", () => {
    const other = { id: "a3", labels: { service: "checkout", env: "prod", zone: "b" } };
    const r2 = rule({ id: "r2", equal: [] });
    expect(inhibitorsOf(payments, [rule(), r2], [checkout, other])).toEqual(["a1", "a3"]);
  });

  it("keeps only alerts that could be a source", () => {
    expect(possibleSources([rule()], [checkout, payments])).toEqual([checkout]);
  });
});

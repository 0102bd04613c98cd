import { describe, expect, it } from "vitest";
import { isMuted, matcherMatches, muteStatus, parseDuration, ruleMatches, type MuteRule } from "./muting";
import { applySent, planNotification } from "./notify-plan";
import { renderTemplate } from "./template";
import type { SignalSeverityState } from "./types";

const entry = (over: Partial<SignalSeverityState>): SignalSeverityState => ({
  signalKey: "s",
  labels: {},
  severity: "critical",
  state: "firing",
  alertId: "a1",
  activeAt: 0,
  firingAt: 0,
  clearSince: null,
  resolvedAt: null,
  lastValue: 1,
  lastEvalAt: 0,
  changes: [],
  flapping: false,
  ...over,
});

describe("planNotification", () => {
  const opts = { muted: false, now: 10_000, repeatMs: 3600_000 };
  it("triggers once, repeats after the interval, resolves once", () => {
    const first = planNotification([entry({})], undefined, opts)!;
    expect(first.kind).toBe("trigger");
    const sent = applySent(first, 10_000);
    expect(planNotification([entry({})], sent, { ...opts, now: 20_000 })).toBeNull();
    expect(planNotification([entry({})], sent, { ...opts, now: 10_000 + 3600_000 })?.kind).toBe("repeat");
    expect(planNotification([entry({ state: "resolved" })], sent, opts)?.kind).toBe("resolve");
    expect(
      planNotification(
        [entry({ state: "resolved" })],
        applySent({ kind: "resolve", severity: "critical", alertId: "a1" }, 1),
        opts,
      ),
    ).toBeNull();
  });
  it("muting holds back triggers and repeats but not the resolve of a page that went out", () => {
    expect(planNotification([entry({})], undefined, { ...opts, muted: true })).toBeNull();
    const sent = applySent({ kind: "trigger", severity: "critical", alertId: "a1" }, 0);
    expect(planNotification([entry({})], sent, { ...opts, muted: true, now: 1e10 })).toBeNull();
    expect(planNotification([entry({ state: "resolved" })], sent, { ...opts, muted: true })?.kind).toBe("resolve");
  });
  // Flapping used to hold every page back (issue 17: real breaches paged nobody); it now pages once, marked.
  it("a severity change re-triggers at the higher severity; flapping pages once, marked flapping", () => {
    const sent = applySent({ kind: "trigger", severity: "warning", alertId: "w" }, 0);
    const a = planNotification([entry({ severity: "warning", alertId: "w" }), entry({})], sent, opts);
    expect(a).toEqual({ kind: "trigger", severity: "critical", alertId: "a1" });
    const flapOpts = { ...opts, holdMs: () => 15_000 };
    expect(planNotification([entry({ flapping: true, firingAt: 10_000 })], undefined, flapOpts)).toEqual({
      kind: "trigger",
      severity: "critical",
      alertId: "a1",
      flapping: true,
    });
  });
});

describe("muting matchers", () => {
  const labels = { monitor: "checkout-error-budget-burn", environment: "production", region: "us-east-1" };
  it("supports = != =~ !~ with anchored regexes", () => {
    expect(matcherMatches({ name: "monitor", op: "=", value: "checkout-error-budget-burn" }, labels)).toBe(true);
    expect(matcherMatches({ name: "region", op: "!=", value: "us-east-1" }, labels)).toBe(false);
    expect(matcherMatches({ name: "monitor", op: "=~", value: "checkout.*" }, labels)).toBe(true);
    expect(matcherMatches({ name: "monitor", op: "=~", value: "checkout" }, labels)).toBe(false);
    expect(matcherMatches({ name: "region", op: "!~", value: "us-west-.*" }, labels)).toBe(true);
    expect(matcherMatches({ name: "missing", op: "=", value: "" }, labels)).toBe(true);
    expect(matcherMatches({ name: "monitor", op: "=~", value: "(" }, labels)).toBe(false);
  });
  it("this-monitor rules, empty rules and time windows", () => {
    const rule: MuteRule = { id: "r", matchers: [], monitorId: "m1", startsAt: 100, endsAt: 200 };
    expect(ruleMatches(rule, { monitorId: "m1", labels })).toBe(true);
    expect(ruleMatches(rule, { monitorId: "m2", labels })).toBe(false);
    expect(ruleMatches({ ...rule, monitorId: null }, { monitorId: "m1", labels })).toBe(false);
    expect([muteStatus(rule, 50), muteStatus(rule, 150), muteStatus(rule, 200)]).toEqual([
      "scheduled",
      "active",
      "expired",
    ]);
    expect(isMuted({ monitorId: "m1", labels }, [rule], 150)).toBe(true);
    expect(isMuted({ monitorId: "m1", labels }, [rule], 250)).toBe(false);
  });
  it("parses durations", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("60m")).toBe(3_600_000);
    expect(parseDuration("x")).toBeNull();
  });
});

describe("renderTemplate", () => {
  it("fills labels and values, leaves unknown expressions visible", () => {
    const ctx = { labels: { region: "us-east-1", "deployment.version": "v3.41.0" }, value: 0.0723 };
    expect(renderTemplate("{{ $labels.region }} at {{ $value | humanizePercentage }}", ctx)).toBe("us-east-1 at 7.23%");
    expect(renderTemplate('{{ $labels["deployment.version"] }} {{$value}}', ctx)).toBe("v3.41.0 0.0723");
    expect(renderTemplate('{{ $value | printf "%.2f" }} {{ .Foo }} {{ $labels.none }}!', ctx)).toBe(
      "0.07 {{ .Foo }} !",
    );
    expect(renderTemplate("{{ $value | humanize }}", { labels: {}, value: 1234567 })).toBe("1.235M");
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import commerce from "../../provisioning/dashboards/commerce-checkout.json";
import { parsePromQL, selectorsOf } from "../promql/parse";
import { applyScope, formatScopeText, parseScopeText, type ScopeMatcher } from "./promql-scope";

const pinned: ScopeMatcher[] = [
  { label: "environment", op: "=", value: "production" },
  { label: "region", op: "=", value: "us-east-1" },
];

describe("applyScope", () => {
  it("adds the matchers to every selector, ranges and subqueries included", () => {
    const r = applyScope(
      'sum(rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum(rate(checkout_http_requests_total[5m])) + on() max_over_time(up[1h:1m])',
      pinned,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sels = selectorsOf(parsePromQL(r.query));
    expect(sels).toHaveLength(3);
    for (const s of sels) {
      expect(s.matchers).toEqual(
        expect.arrayContaining([
          { name: "environment", op: "=", value: "production" },
          { name: "region", op: "=", value: "us-east-1" },
        ]),
      );
    }
    expect(r.query).toContain(
      'checkout_http_requests_total{status=~"5..", environment="production", region="us-east-1"}[5m]',
    );
    expect(r.added).toBe(6);
  });

  it("leaves a query that is already scoped untouched", () => {
    const q = 'up{environment="production", region="us-east-1"}';
    expect(applyScope(q, pinned)).toMatchObject({ ok: true, query: q, changed: false, added: 0 });
    expect(applyScope("up", [])).toMatchObject({ ok: true, query: "up", changed: false });
  });

  it("reports a contradicting equality instead of merging", () => {
    const r = applyScope('sum(rate(checkout_http_requests_total{region="us-west-2"}[5m]))', pinned);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({
      label: "region",
      query: { op: "=", value: "us-west-2" },
      scope: { op: "=", value: "us-east-1" },
    });
    expect(r.conflicts[0]!.reason).toMatch(/us-west-2.*us-east-1/);
  });

  it("decides regex and negative matchers against an equality", () => {
    expect(applyScope('up{region=~"us-.*"}', pinned).ok).toBe(true);
    expect(applyScope('up{region=~"eu-.*"}', pinned).ok).toBe(false);
    expect(applyScope('up{region!="us-east-1"}', pinned).ok).toBe(false);
    expect(applyScope('up{region!~"us-east-.*"}', pinned).ok).toBe(false);
    expect(applyScope('up{region="us-east-1"}', [{ label: "region", op: "=~", value: "us-.*" }]).ok).toBe(true);
    expect(applyScope('up{region="eu-west-1"}', [{ label: "region", op: "=~", value: "us-.*" }]).ok).toBe(false);
    expect(applyScope('up{region="us-east-1"}', [{ label: "region", op: "!=", value: "us-east-1" }]).ok).toBe(false);
  });

  it("keeps undecidable regex pairs and lists them as overlaps", () => {
    const r = applyScope('up{region=~"us-.*"}', [{ label: "region", op: "!~", value: ".*-2" }]);
    expect(r).toMatchObject({ ok: true, overlaps: [{ label: "region" }] });
    if (r.ok) expect(r.query).toBe('up{region=~"us-.*", region!~".*-2"}');
  });

  it("handles UTF-8 label names", () => {
    const r = applyScope('checkout_http_requests_total{"deployment.version"="v3.41.0"}', [
      { label: "deployment.version", op: "=", value: "v3.40.2" },
    ]);
    expect(r.ok).toBe(false);
    const ok = applyScope("checkout_http_requests_total", [{ label: "deployment.version", op: "=", value: "v3.41.0" }]);
    expect(ok).toMatchObject({ ok: true, query: 'checkout_http_requests_total{"deployment.version"="v3.41.0"}' });
  });

  it("throws on a query that does not parse", () => {
    expect(() => applyScope("sum(", pinned)).toThrow();
  });

  it("scopes every query of the provisioned dashboard to a parseable query", () => {
    for (const p of commerce.panels) {
      if (p.datasource !== "metrics") continue;
      for (const q of p.queries) {
        const r = applyScope(q.expr.replaceAll("$environment", "production").replaceAll("$region", ".*"), pinned);
        expect(r.ok, q.expr).toBe(true);
        if (r.ok)
          for (const s of selectorsOf(parsePromQL(r.query)))
            expect(s.matchers.some((m) => m.name === "region" && m.value === "us-east-1")).toBe(true);
      }
    }
  });

  it("property: every selector of the result carries every scope matcher, and the result is a fixpoint", () => {
    const metric = fc.constantFrom(
      "up",
      "checkout_http_requests_total",
      'http_requests_total{job="api"}',
      'x{region=~"us-.*"}',
    );
    const expr = fc.letrec((tie) => ({
      e: fc.oneof(
        { depthSize: "small" },
        metric,
        metric.map((m) => `rate(${m}[5m])`),
        tie("e").map((e) => `sum by (region) (${e})`),
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => `${a} + ${b}`),
      ),
    })).e as fc.Arbitrary<string>;
    fc.assert(
      fc.property(expr, (q) => {
        const r = applyScope(q, pinned);
        if (!r.ok) return;
        for (const s of selectorsOf(parsePromQL(r.query)))
          for (const p of pinned) expect(s.matchers).toContainEqual({ name: p.label, op: p.op, value: p.value });
        const again = applyScope(r.query, pinned);
        expect(again).toMatchObject({ ok: true, changed: false, query: r.query });
      }),
      { numRuns: 200 },
    );
  });
});

describe("scope text", () => {
  it("round-trips the URL form", () => {
    const s = parseScopeText('environment=production, region=~"us-.*",team!="a,b"');
    expect(s).toEqual([
      { label: "environment", op: "=", value: "production" },
      { label: "region", op: "=~", value: "us-.*" },
      { label: "team", op: "!=", value: "a,b" },
    ]);
    expect(parseScopeText(formatScopeText(s))).toEqual(s);
    expect(() => parseScopeText("nonsense")).toThrow();
  });
});

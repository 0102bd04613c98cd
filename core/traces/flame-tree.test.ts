import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { criticalPath } from "./critical-path";
import { buildFlameTree, SYNTHETIC_ROOT_ID, type FlameInput, type FlameNode } from "./flame-tree";

const span = (spanId: string, parentSpanId: string, startUs: number, endUs: number, statusCode = 0): FlameInput => ({
  spanId,
  parentSpanId,
  name: `op-${spanId}`,
  service: "svc",
  startUs,
  endUs,
  statusCode,
});

function walk(n: FlameNode, f: (n: FlameNode, parent?: FlameNode) => void, parent?: FlameNode): void {
  const stack: [FlameNode, FlameNode | undefined][] = [[n, parent]];
  while (stack.length) {
    const [x, p] = stack.pop()!;
    f(x, p);
    for (const c of x.children) stack.push([c, x]);
  }
}

describe("flame tree", () => {
  it("builds a single-rooted tree and its critical path", () => {
    const t = buildFlameTree([
      span("a", "", 0, 100),
      span("b", "a", 10, 50),
      span("c", "a", 40, 90),
      span("d", "c", 45, 80),
    ]);
    expect(t.root.id).toBe("a");
    expect(t.syntheticRoot).toBe(false);
    expect(t.orphans).toEqual([]);
    expect(t.root.children.map((c) => c.id)).toEqual(["b", "c"]);
    expect(t.root.selfUs).toBe(100 - 80);
    expect(criticalPath(t.root)).toEqual([
      { spanId: "a", startUs: 0, endUs: 10 },
      { spanId: "b", startUs: 10, endUs: 40 },
      { spanId: "c", startUs: 40, endUs: 45 },
      { spanId: "d", startUs: 45, endUs: 80 },
      { spanId: "c", startUs: 80, endUs: 90 },
      { spanId: "a", startUs: 90, endUs: 100 },
    ]);
  });

  it("reports orphans under a synthetic root", () => {
    const t = buildFlameTree([span("a", "", 0, 100), span("x", "missing", 20, 30)]);
    expect(t.syntheticRoot).toBe(true);
    expect(t.root.id).toBe(SYNTHETIC_ROOT_ID);
    expect(t.orphans).toEqual(["x"]);
    expect(t.root.children.find((c) => c.id === "x")!.orphan).toBe(true);
  });

  it("shifts a skewed child into its parent and stretches the parent", () => {
    const t = buildFlameTree([span("a", "", 1000, 2000), span("b", "a", 900, 1500), span("c", "b", 950, 2200)]);
    const b = t.root.children[0];
    expect(b.startUs).toBe(1000);
    expect(b.shiftUs).toBe(100);
    expect(b.endUs).toBe(2300); // c moved to 1050..2300 with b, b stretched over it
    expect(t.root.endUs).toBe(2300);
    expect(t.root.stretchUs).toBe(300);
  });

  it("breaks parent cycles instead of looping", () => {
    const t = buildFlameTree([span("a", "b", 0, 10), span("b", "a", 0, 10)]);
    expect(t.spanCount).toBe(2);
    expect(t.orphans.length).toBe(1);
  });

  it("property: every span appears once, children lie inside parents, orphans are exactly the missing parents", () => {
    const arb = fc
      .array(
        fc.record({
          parent: fc.integer({ min: -3, max: 60 }),
          start: fc.integer({ min: 0, max: 10_000 }),
          dur: fc.integer({ min: 0, max: 5_000 }),
        }),
        { minLength: 1, maxLength: 60 },
      )
      .map((rows) =>
        rows.map((r, i) =>
          span(
            `s${i}`,
            r.parent < 0 ? (r.parent === -1 ? "" : `gone${r.parent}`) : `s${r.parent}`,
            r.start,
            r.start + r.dur,
            i % 7 === 0 ? 2 : 0,
          ),
        ),
      );
    fc.assert(
      fc.property(arb, (spans) => {
        const t = buildFlameTree(spans);
        const seen: string[] = [];
        walk(t.root, (n, p) => {
          if (n.id !== SYNTHETIC_ROOT_ID) seen.push(n.id);
          expect(n.endUs).toBeGreaterThanOrEqual(n.startUs);
          if (p) {
            expect(n.startUs).toBeGreaterThanOrEqual(p.startUs);
            expect(n.endUs).toBeLessThanOrEqual(p.endUs);
          }
        });
        expect(seen.sort()).toEqual(spans.map((s) => s.spanId).sort());
        const ids = new Set(spans.map((s) => s.spanId));
        for (const s of spans) if (s.parentSpanId && !ids.has(s.parentSpanId)) expect(t.orphans).toContain(s.spanId);
        // The critical path never overlaps itself and stays inside the root.
        const cp = criticalPath(t.root);
        for (let i = 1; i < cp.length; i++) expect(cp[i].startUs).toBeGreaterThanOrEqual(cp[i - 1].endUs);
        if (cp.length) {
          expect(cp[0].startUs).toBeGreaterThanOrEqual(t.root.startUs);
          expect(cp.at(-1)!.endUs).toBeLessThanOrEqual(t.root.endUs);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("handles a 20,000-deep chain without overflowing", () => {
    const spans = Array.from({ length: 20_000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : "", i, 40_000 - i));
    const t = buildFlameTree(spans);
    expect(t.root.id).toBe("s0");
    expect(criticalPath(t.root).length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { seriesKey } from "../tsdb/labels";
import { type CachedLabelSet, LabelSetCache, labelSetBytes } from "./label-cache";

const enc = new TextEncoder();

function entry(i: number, extra = ""): CachedLabelSet {
  const labels = { __name__: "m", pod: `pod-${String(i).padStart(4, "0")}${extra}` };
  const raw = enc.encode(JSON.stringify(labels));
  const key = seriesKey(labels);
  return { raw, labels, identity: { key, fingerprint: i }, bytes: labelSetBytes(raw, labels, key) };
}

describe("label-set cache", () => {
  it("estimates heap from the strings it holds, two bytes a character past Latin-1", () => {
    const a = entry(1);
    const longer = entry(1, "x".repeat(100));
    expect(longer.bytes - a.bytes).toBe(100 + 100 + 100);
    const wide = entry(1, "é".repeat(50)); // Latin-1: still one byte a character
    const wider = entry(1, "ж".repeat(50)); // two-byte strings
    expect(wider.bytes - wide.bytes).toBeGreaterThanOrEqual(2 * 50);
  });

  it("never holds more than its byte cap, stops taking sets when full and clears after enough misses", () => {
    const one = entry(0).bytes;
    const cap = one * 10 + one / 2;
    const c = new LabelSetCache(cap, 2);
    let kept = 0;
    for (let i = 0; i < 1_000; i++) {
      const e = entry(i);
      if (c.add(i, e)) kept++;
      expect(c.bytes).toBeLessThanOrEqual(cap);
      expect(c.bytes).toBe(c.size * one);
    }
    // Ten fit; each time 2 x 10 misses went by it was cleared and refilled.
    expect(c.size).toBeLessThanOrEqual(10);
    expect(kept).toBeGreaterThan(10);
    expect(kept).toBeLessThan(1_000);

    // Full and cycled through in the same order: the sets it holds keep hitting across rounds.
    const d = new LabelSetCache(cap, 4);
    let hits = 0;
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 15; i++) {
        const e = entry(i);
        if (d.get(i, e.raw)) hits++;
        else d.add(i, e);
      }
    expect(hits).toBe(20); // rounds 2 and 3: the first ten series
  });

  it("answers a hash hit only for the same raw bytes, and a colliding set replaces the old one at its own size", () => {
    const c = new LabelSetCache(1 << 20);
    const a = entry(1);
    const b = entry(2, "y".repeat(40));
    c.add(7, a);
    expect(c.get(7, a.raw)).toBe(a);
    expect(c.get(7, b.raw)).toBeUndefined();
    c.add(7, b);
    expect(c.size).toBe(1);
    expect(c.bytes).toBe(b.bytes);
    expect(c.get(7, b.raw)).toBe(b);
  });
});

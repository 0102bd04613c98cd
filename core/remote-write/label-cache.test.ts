import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import type { Labels } from "../promql/types";
import { fingerprint, type SeriesIdentity, seriesKey } from "../tsdb/labels";
import { identityBytes, LabelSetCache, rawMatchesKey } from "./label-cache";

/** TimeSeries.labels fields as a sender writes them, in the given order. */
function rawLabels(pairs: [string, string][]): Uint8Array {
  const w = new BinaryWriter();
  for (const [n, v] of pairs) w.uint32(10).fork().uint32(10).string(n).uint32(18).string(v).join();
  return w.finish();
}

function identity(labels: Labels): SeriesIdentity {
  const key = seriesKey(labels);
  return { key, fingerprint: fingerprint(key) };
}

function entry(i: number, extra = ""): { raw: Uint8Array; id: SeriesIdentity } {
  const labels = { __name__: "m", pod: `pod-${String(i).padStart(4, "0")}${extra}` };
  return { raw: rawLabels(Object.entries(labels)), id: identity(labels) };
}

describe("label-set cache", () => {
  it("estimates heap from the key it holds, two bytes a character past Latin-1", () => {
    const a = identityBytes(entry(1).id);
    expect(identityBytes(entry(1, "x".repeat(100)).id) - a).toBe(100);
    const wide = identityBytes({ key: "é".repeat(50), fingerprint: 0 }); // Latin-1: one byte a character
    const wider = identityBytes({ key: "ж".repeat(50), fingerprint: 0 }); // two-byte strings
    expect(wider - wide).toBe(50);
  });

  it("never holds more than its byte cap, stops taking sets when full and clears after enough misses", () => {
    const one = identityBytes(entry(0).id);
    const cap = one * 10 + one / 2;
    const c = new LabelSetCache(cap, 2);
    let kept = 0;
    for (let i = 0; i < 1_000; i++) {
      if (c.add(i, entry(i).id)) kept++;
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
        else d.add(i, e.id);
      }
    expect(hits).toBe(20); // rounds 2 and 3: the first ten series
  });

  it("answers a hash hit only for bytes that spell its key, and a colliding set replaces the old one", () => {
    const c = new LabelSetCache(1 << 20);
    const a = entry(1);
    const b = entry(2, "y".repeat(40));
    c.add(7, a.id);
    expect(c.get(7, a.raw)).toBe(a.id);
    expect(c.get(7, b.raw)).toBeUndefined();
    c.add(7, b.id);
    expect(c.size).toBe(1);
    expect(c.bytes).toBe(identityBytes(b.id));
    expect(c.get(7, b.raw)).toBe(b.id);
    expect(c.get(7, a.raw)).toBeUndefined();
  });
});

describe("raw label bytes against a key", () => {
  const labels = { __name__: "http_requests_total", job: "api", path: "/a/b?c=d", le: "0.25" };
  const sorted = Object.entries(labels).sort(([x], [y]) => (x < y ? -1 : 1));

  it("proves the bytes of a sorted, plain set and nothing that differs by one byte, label or order", () => {
    const key = seriesKey(labels);
    const raw = rawLabels(sorted);
    expect(rawMatchesKey(raw, key)).toBe(true);
    for (let i = 0; i < raw.length; i++) {
      const bad = raw.slice();
      bad[i] ^= 1;
      expect(rawMatchesKey(bad, key)).toBe(false);
    }
    expect(rawMatchesKey(raw.subarray(0, raw.length - 1), key)).toBe(false);
    expect(rawMatchesKey(rawLabels(sorted.slice(1)), key)).toBe(false);
    expect(rawMatchesKey(rawLabels([...sorted, ["zz", "1"]]), key)).toBe(false);
    expect(rawMatchesKey(rawLabels([sorted[1], sorted[0], ...sorted.slice(2)]), key)).toBe(false);
    expect(rawMatchesKey(rawLabels(sorted), seriesKey({ ...labels, job: "apj" }))).toBe(false);
    // A name/value boundary moved: the same characters in a different split.
    expect(rawMatchesKey(rawLabels([["a", "bc"]]), seriesKey({ ab: "c" }))).toBe(false);
  });

  it("leaves to decoding what it cannot prove: escapes, non-ASCII, empty values, long labels", () => {
    for (const v of ['say "hi"', "back\\slash", "tab\there", "é", "ж", "🙂"]) {
      const set = { __name__: "m", v };
      expect(rawMatchesKey(rawLabels(Object.entries(set)), seriesKey(set))).toBe(false);
    }
    // An empty value is no label at all in the key.
    expect(
      rawMatchesKey(
        rawLabels([
          ["__name__", "m"],
          ["x", ""],
        ]),
        seriesKey({ __name__: "m", x: "" }),
      ),
    ).toBe(false);
    const long = { __name__: "m", v: "x".repeat(200) }; // two-byte lengths are read
    expect(rawMatchesKey(rawLabels(Object.entries(long)), seriesKey(long))).toBe(true);
    const huge = { __name__: "m", v: "x".repeat(20_000) }; // three-byte lengths are not
    expect(rawMatchesKey(rawLabels(Object.entries(huge)), seriesKey(huge))).toBe(false);
  });
});

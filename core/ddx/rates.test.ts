import { describe, expect, it } from "vitest";
import { seededRng } from "../random";
import { sortByKey } from "./rates";

describe("sortByKey", () => {
  it("orders indexes exactly as the comparator sort does, ties in their original order", () => {
    const rnd = seededRng(3);
    for (const n of [0, 1, 2, 40, 64, 65, 200]) {
      // Few distinct keys: many ties, where a non-stable sort would differ.
      const key = Float64Array.from({ length: n }, () => Math.floor(rnd() * 5) / 4);
      const order = Array.from({ length: n }, (_, i) => i).filter(() => rnd() < 0.9);
      const expected = [...order].sort((a, b) => key[a] - key[b]);
      sortByKey(order, key);
      expect(order).toEqual(expected);
    }
  });

  it("keeps equal keys in their given order, not index order", () => {
    const order = [3, 1, 2, 0];
    sortByKey(order, Float64Array.from([1, 0, 1, 1]));
    expect(order).toEqual([1, 3, 2, 0]);
  });
});

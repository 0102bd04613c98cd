import fc from "fast-check";
import { expect, it } from "vitest";
import { WalWriter, walSamples } from "./wal";

it("round-trips WAL records bit for bit", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          id: fc.nat(2 ** 32 - 1),
          t: fc.integer({ min: -1e13, max: 1e13 }),
          hi: fc.nat(2 ** 32 - 1),
          lo: fc.nat(2 ** 32 - 1),
        }),
        { maxLength: 600 },
      ),
      (recs) => {
        const w = new WalWriter();
        for (const r of recs) w.add(r.id, r.t, r.hi, r.lo);
        expect([...walSamples(w.bytes())]).toEqual(recs);
      },
    ),
  );
});

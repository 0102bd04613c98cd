// Prometheus marks the end of a series with a NaN carrying a specific payload. V8 keeps NaN payloads only
// through typed arrays (plain arrays canonicalize them), so sources must hand values over as Float64Array.
export const STALE_NAN_BITS = 0x7ff0000000000002n;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  f64[0] = v;
  return littleEndian ? u32[1] === 0x7ff00000 && u32[0] === 2 : u32[0] === 0x7ff00000 && u32[1] === 2;
}

/** A Float64Array element holding the stale marker (read it back only into typed arrays). */
export function staleNaNArray(): Float64Array {
  const a = new Float64Array(1);
  new DataView(a.buffer).setBigUint64(0, STALE_NAN_BITS, littleEndian);
  return a;
}

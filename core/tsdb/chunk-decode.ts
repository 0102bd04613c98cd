// The query path's chunk decoder, for every stored format: an integer chunk (int-chunk.ts, tagged in its first
// byte) or an XOR chunk (chunk.ts, whose first byte is the high byte of its count, so 0). XOR chunks are read
// with local state and 32-bit word reads into caller-owned typed arrays (no object per sample). Values are
// copied as raw bit halves, so NaN payloads such as the stale marker survive.
import { readBits } from "./bits";
import { BITS_HI, BITS_LO } from "./chunk";
import { INT_CHUNK_TAG, decodeIntChunkInto, intChunkCount } from "./int-chunk";

const TWO32 = 4294967296;

/** Sample count stored in a chunk's header. */
export function chunkCount(bytes: Uint8Array): number {
  if (bytes.length > 0 && bytes[0] === INT_CHUNK_TAG) return intChunkCount(bytes);
  return bytes.length >= 2 ? (bytes[0] << 8) | bytes[1] : 0;
}

/**
 * Decode the samples of `bytes` with start <= t <= end into ts[at..] and the value bit halves into
 * bits[2*at..] (a Uint32Array view of a Float64Array). The arrays must hold chunkCount(bytes) more
 * samples. Returns how many samples were written.
 */
export function decodeChunkInto(
  bytes: Uint8Array,
  start: number,
  end: number,
  ts: Float64Array,
  bits: Uint32Array,
  at: number,
): number {
  if (bytes.length > 0 && bytes[0] === INT_CHUNK_TAG) return decodeIntChunkInto(bytes, start, end, ts, bits, at);
  const total = chunkCount(bytes);
  if (total === 0) return 0;
  const len = bytes.length;
  // Single bits are read inline (most samples are a '0' timestamp bit and a '0' or '10' value prefix).
  let pos = 16;
  let t = (readBits(bytes, len, pos, 32) | 0) * TWO32 + readBits(bytes, len, pos + 32, 32);
  let hi = readBits(bytes, len, pos + 64, 32);
  let lo = readBits(bytes, len, pos + 96, 32);
  pos += 128;
  let delta = 0;
  let leading = 0;
  let trailing = 0;
  let out = at;
  for (let c = 0; ; ) {
    if (t > end) break;
    if (t >= start) {
      ts[out] = t;
      bits[2 * out + BITS_HI] = hi;
      bits[2 * out + BITS_LO] = lo;
      out++;
    }
    if (++c >= total) break;
    if (pos + 2 > len * 8) throw new RangeError("chunk truncated");
    if (((bytes[pos >>> 3] >>> (7 - (pos & 7))) & 1) === 0) pos++;
    else {
      // '10' + 14 bits, '110' + 17, '1110' + 20, '1111' + 64.
      const p4 = readBits(bytes, len, pos, 4);
      let dod: number;
      if (p4 < 0b1100) {
        dod = signed(readBits(bytes, len, pos + 2, 14), 14);
        pos += 16;
      } else if (p4 < 0b1110) {
        dod = signed(readBits(bytes, len, pos + 3, 17), 17);
        pos += 20;
      } else if (p4 === 0b1110) {
        dod = signed(readBits(bytes, len, pos + 4, 20), 20);
        pos += 24;
      } else {
        dod = (readBits(bytes, len, pos + 4, 32) | 0) * TWO32 + readBits(bytes, len, pos + 36, 32);
        pos += 68;
      }
      delta += dod;
    }
    t += delta;
    if (((bytes[pos >>> 3] >>> (7 - (pos & 7))) & 1) === 0) {
      pos++;
      continue;
    }
    if (((bytes[(pos + 1) >>> 3] >>> (7 - ((pos + 1) & 7))) & 1) === 1) {
      leading = readBits(bytes, len, pos + 2, 5);
      let sig = readBits(bytes, len, pos + 7, 6);
      if (sig === 0) sig = 64;
      trailing = 64 - leading - sig;
      pos += 13;
    } else pos += 2;
    const top = 64 - leading;
    // The significant bits occupy [trailing, top) of the 64-bit XOR: high word first, as written.
    if (top > 32) {
      const from = trailing > 32 ? trailing : 32;
      const n = top - from;
      hi = (hi ^ ((readBits(bytes, len, pos, n) * POW2[from - 32]) >>> 0)) >>> 0;
      pos += n;
    }
    if (trailing < 32) {
      const n = (top < 32 ? top : 32) - trailing;
      lo = (lo ^ ((readBits(bytes, len, pos, n) * POW2[trailing]) >>> 0)) >>> 0;
      pos += n;
    }
  }
  return out - at;
}

const POW2 = Float64Array.from({ length: 33 }, (_, i) => 2 ** i);

function signed(v: number, bits: number): number {
  return v >= POW2[bits - 1] ? v - POW2[bits] : v;
}

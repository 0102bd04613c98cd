// The remote_write decoder's cache of label sets, keyed by a hash of the raw bytes of a series' label fields and
// bounded in bytes of heap: a Worker isolate has 128 MB for everything it does, so the cache must not grow with
// the number of series a sender has.
//
// An entry is only the set's identity (canonical key and fingerprint): no copy of the raw bytes and no labels
// object. A hash hit is verified by walking the raw label fields against the key itself (rawMatchesKey), which
// proves the bytes decode to exactly that key; sets the walk cannot prove (escaped or non-ASCII characters,
// empty values, labels out of order) are not cached and are decoded every time. About a third of the heap per
// set of the earlier entries, so three times as many sets fit under the same cap.
import type { SeriesIdentity } from "../tsdb/labels";

/** Heap of one entry beyond its key string: the Map slot (with its share of the table's growth slack), the
 * identity object and its fingerprint number. Calibrated (see docs/CAPACITY.md) from the heap a full cache holds
 * in Node, whose V8 runs without pointer compression, so workerd's V8 (with it) holds less than estimated. */
export const ENTRY_OVERHEAD_BYTES = 104;
const STRING_HEADER_BYTES = 24;

const WIDE = /[\u0100-\uffff]/;

/** Bytes of a string: one per character, two once any character needs more than 8 bits (V8's two-byte form). */
function stringBytes(s: string): number {
  return STRING_HEADER_BYTES + (WIDE.test(s) ? 2 * s.length : s.length);
}

/** Estimated heap of one cached label set (an identity and its key). */
export function identityBytes(identity: SeriesIdentity): number {
  return ENTRY_OVERHEAD_BYTES + stringBytes(identity.key);
}

/** Label sets by a hash of their raw bytes, never holding more than `maxBytes` (estimated).
 *
 * Series come through an isolate in a fixed order (each round of a sender's shards), so a cache that makes
 * room for every new set by dropping an old one (or everything) hits nothing once the series outnumber it.
 * A full cache instead takes no new sets, so the ones it holds keep hitting every round, and it is cleared
 * after `missesToClear` times as many misses as it holds sets, so series that went away make room. */
export class LabelSetCache {
  private readonly map = new Map<number, SeriesIdentity>();
  private used = 0;
  private missesWhileFull = 0;

  constructor(
    readonly maxBytes: number,
    private readonly missesToClear = 4,
  ) {}

  /** Estimated heap held now. */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.map.size;
  }

  /** The identity stored under `hash` if `raw` (label fields, as rawMatchesKey reads them) encodes its key. */
  get(hash: number, raw: Uint8Array): SeriesIdentity | undefined {
    const hit = this.map.get(hash);
    return hit && rawMatchesKey(raw, hit.key) ? hit : undefined;
  }

  /** Keep `identity` under `hash` if it fits (replacing a colliding set); false if the cache is full. The caller
   * checks first that the raw bytes match its key (only such sets can ever hit). */
  add(hash: number, identity: SeriesIdentity): boolean {
    const old = this.map.get(hash);
    const freed = old ? identityBytes(old) : 0;
    const size = identityBytes(identity);
    if (this.used - freed + size > this.maxBytes) {
      if (++this.missesWhileFull >= this.missesToClear * Math.max(1, this.map.size)) this.clear();
      return false;
    }
    this.map.set(hash, identity);
    this.used += size - freed;
    return true;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
    this.missesWhileFull = 0;
  }
}

/** A length varint of 1 or 2 bytes at `p`, or -1 (longer, or past `end`); varintSize tells its bytes. */
function len2(raw: Uint8Array, p: number, end: number): number {
  if (p >= end) return -1;
  const a = raw[p];
  if (a < 0x80) return a;
  if (p + 1 >= end) return -1;
  const b = raw[p + 1];
  return b < 0x80 ? (a & 0x7f) | (b << 7) : -1;
}

/** Bytes of the (1- or 2-byte) varint at `p`, whatever value it encodes (a padded 0x85 0x00 is 2). */
const varintSize = (raw: Uint8Array, p: number) => (raw[p] < 0x80 ? 1 : 2);

/** Compare `n` bytes of `raw` at `p` with `key` at `k`; every byte must be printable ASCII that JSON keeps as is. */
function sameText(raw: Uint8Array, p: number, n: number, key: string, k: number): boolean {
  if (k + n > key.length) return false;
  for (let i = 0; i < n; i++) {
    const c = raw[p + i];
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c || key.charCodeAt(k + i) !== c) return false;
  }
  return true;
}

function sameChars(key: string, k: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (key.charCodeAt(k + i) !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * True when `raw`, a run of TimeSeries.labels fields each holding exactly `name` then a non-empty `value` (tags
 * 0x0a, 0x12), decodes to the label set whose seriesKey is `key`: the pairs in key order, every character
 * printable ASCII without quotes or backslashes (so seriesKey wrote it unescaped). Anything else answers false,
 * which only costs a decode.
 */
export function rawMatchesKey(raw: Uint8Array, key: string): boolean {
  if (key.charCodeAt(0) !== 0x5b) return false; // [
  let k = 1;
  let p = 0;
  const n = raw.length;
  while (p < n) {
    if (raw[p] !== 0x0a) return false;
    const len = len2(raw, p + 1, n);
    if (len < 0) return false;
    p += 1 + varintSize(raw, p + 1);
    const end = p + len;
    if (end > n || raw[p] !== 0x0a) return false;
    const nl = len2(raw, p + 1, end);
    if (nl < 0) return false;
    p += 1 + varintSize(raw, p + 1);
    const opening = k === 1 ? '["' : ',["';
    if (!sameChars(key, k, opening)) return false;
    k += opening.length;
    if (p + nl > end || !sameText(raw, p, nl, key, k)) return false;
    p += nl;
    k += nl;
    if (p >= end || raw[p] !== 0x12) return false;
    const vl = len2(raw, p + 1, end);
    if (vl <= 0) return false; // an empty value is dropped from the key: not provable here
    p += 1 + varintSize(raw, p + 1);
    if (!sameChars(key, k, '","')) return false;
    k += 3;
    if (p + vl !== end || !sameText(raw, p, vl, key, k)) return false;
    p = end;
    k += vl;
    if (!sameChars(key, k, '"]')) return false;
    k += 2;
  }
  return k === key.length - 1 && key.charCodeAt(k) === 0x5d; // ]
}

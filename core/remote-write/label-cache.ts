// The remote_write decoder's cache of label sets, keyed by the raw bytes of a series' label fields and bounded
// in bytes of heap: a Worker isolate has 128 MB for everything it does, so the cache must not grow with the
// number of series a sender has.
import type { Labels } from "../promql/types";
import type { SeriesIdentity } from "../tsdb/labels";

export interface CachedLabelSet {
  /** The label fields as they arrived, to verify a hash hit byte by byte. */
  raw: Uint8Array;
  labels: Labels;
  identity: SeriesIdentity;
  /** Heap this entry holds, estimated by labelSetBytes. */
  bytes: number;
}

/** Heap of one entry beyond its strings and raw bytes: the Map slot, the entry, the Uint8Array with its
 * ArrayBuffer, the labels object, the identity and its fingerprint number. Calibrated (see docs/CAPACITY.md)
 * from the heap a full cache holds in Node, whose V8 runs without pointer compression, so workerd's V8 (with
 * it) holds less than estimated. */
export const ENTRY_OVERHEAD_BYTES = 336;
/** Per label: the labels object's property slot. */
const PER_LABEL_BYTES = 16;
const STRING_HEADER_BYTES = 24;

const WIDE = /[\u0100-\uffff]/;

/** Bytes of a string: one per character, two once any character needs more than 8 bits (V8's two-byte form). */
function stringBytes(s: string): number {
  return STRING_HEADER_BYTES + (WIDE.test(s) ? 2 * s.length : s.length);
}

/** Estimated heap of one cached label set. Label names are not counted: as property keys V8 interns them, so
 * all the sets share one copy of each. */
export function labelSetBytes(raw: Uint8Array, labels: Labels, key: string): number {
  let n = ENTRY_OVERHEAD_BYTES + raw.length + stringBytes(key);
  for (const k in labels) n += PER_LABEL_BYTES + stringBytes(labels[k]);
  return n;
}

/** Label sets by a hash of their raw bytes, never holding more than `maxBytes` (estimated).
 *
 * Series come through an isolate in a fixed order (each round of a sender's shards), so a cache that makes
 * room for every new set by dropping an old one (or everything) hits nothing once the series outnumber it.
 * A full cache instead takes no new sets, so the ones it holds keep hitting every round, and it is cleared
 * after `missesToClear` times as many misses as it holds sets, so series that went away make room. */
export class LabelSetCache {
  private readonly map = new Map<number, CachedLabelSet>();
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

  /** The set stored under `hash` if its raw bytes are `raw`. */
  get(hash: number, raw: Uint8Array): CachedLabelSet | undefined {
    const hit = this.map.get(hash);
    return hit && sameBytes(hit.raw, raw) ? hit : undefined;
  }

  /** Keep `entry` under `hash` if it fits (replacing a colliding set); false if the cache is full. */
  add(hash: number, entry: CachedLabelSet): boolean {
    const old = this.map.get(hash);
    const freed = old ? old.bytes : 0;
    if (this.used - freed + entry.bytes > this.maxBytes) {
      if (++this.missesWhileFull >= this.missesToClear * Math.max(1, this.map.size)) this.clear();
      return false;
    }
    this.map.set(hash, entry);
    this.used += entry.bytes - freed;
    return true;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
    this.missesWhileFull = 0;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

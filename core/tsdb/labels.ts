// Series identity: a canonical key for a label set, a fingerprint for shard routing.
import type { Labels } from "../promql/types";

/** Label pairs sorted by name, empty values dropped (an empty label is the same as an absent one). */
export function sortedPairs(labels: Labels): [string, string][] {
  const out: [string, string][] = [];
  let sorted = true;
  for (const k of Object.keys(labels)) {
    if (labels[k] === "") continue;
    if (sorted && out.length && out[out.length - 1][0] > k) sorted = false;
    out.push([k, labels[k]]);
  }
  // remote_write sends labels sorted already: skip the sort then.
  if (!sorted) out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}

/** A series' canonical key and its fingerprint, which routing and the shards' id lookups both need. */
export interface SeriesIdentity {
  key: string;
  fingerprint: number;
  /** True once validateSeries found these labels within the ingest limits: an identity shared by many requests
   * (the remote_write decoder's label-set cache) is checked once. A flag on the object rather than a WeakSet of
   * identities: every series of every request asks, and a WeakSet fed an identity per cache miss cost ~0.5 us a
   * lookup (its ephemeron table churns with the garbage ones). */
  labelsChecked?: boolean;
}

/** Key and fingerprint of a label set (a decoder that already knows them hands them on as SeriesSamples.identity). */
export function seriesIdentity(labels: Labels): SeriesIdentity {
  const key = seriesKey(labels);
  return { key, fingerprint: fingerprint(key) };
}

/** Strings JSON.stringify would escape (quotes, backslashes, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** A canonical, unambiguous string for a label set: the JSON of its sorted pairs (built by hand: this runs
 * for every ingested series, and JSON.stringify of nested arrays is several times slower). */
export function seriesKey(labels: Labels): string {
  let out = "[";
  let prev = "";
  let first = true;
  for (const k in labels) {
    const v = labels[k];
    if (v === "") continue;
    // Out of order (rare: remote_write sends sorted labels): take the sorting path.
    if (!first && k < prev) return slowKey(labels);
    out += `${first ? "" : ","}[${jsonString(k)},${jsonString(v)}]`;
    prev = k;
    first = false;
  }
  return out + "]";
}

function slowKey(labels: Labels): string {
  let out = "[";
  for (const [k, v] of sortedPairs(labels)) out += `${out.length > 1 ? "," : ""}[${jsonString(k)},${jsonString(v)}]`;
  return out + "]";
}

export function labelsFromKey(key: string): Labels {
  const out: Labels = {};
  for (const [k, v] of JSON.parse(key) as [string, string][]) {
    // `__proto__` must become an own property, not the object's prototype.
    if (k === "__proto__")
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/** 53-bit hash (cyrb53) of the canonical key: stable across isolates and versions, cheap, well mixed. */
export function fingerprint(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Which of `shards` shards owns a series. */
export function shardOf(key: string, shards: number): number {
  return fingerprint(key) % shards;
}

export function shardName(i: number): string {
  return `shard-${i}`;
}

// Label-set helpers. A label set's identity is its sorted name/value pairs (the key), as Prometheus hashes.
import type { LabelMatcher, Labels } from "./types";
import { compileAnchored } from "./regex";

const SEP = "\xff";
const keys = new WeakMap<Labels, string>();

export function labelsKey(l: Labels): string {
  let k = keys.get(l);
  if (k === undefined) {
    k = Object.keys(l)
      .sort()
      .map((n) => n + SEP + l[n])
      .join(SEP);
    keys.set(l, k);
  }
  return k;
}

/** Key over a subset: `on` keeps only `names`, otherwise all but `names` and the metric name. */
export function signature(l: Labels, on: boolean, names: string[]): string {
  const picked = on
    ? names.filter((n) => l[n] !== undefined && l[n] !== "").sort()
    : Object.keys(l)
        .filter((n) => n !== "__name__" && !names.includes(n))
        .sort();
  return picked.map((n) => n + SEP + l[n]).join(SEP);
}

const nameless = new WeakMap<Labels, Labels>();

/** Label sets are shared between steps, so derived sets are memoized per source object: later steps reuse
 * the same objects and their cached keys. */
export function dropName(l: Labels): Labels {
  if (l.__name__ === undefined) return l;
  let out = nameless.get(l);
  if (!out) {
    const { __name__: _drop, ...rest } = l;
    nameless.set(l, (out = rest));
  }
  return out;
}

/** Memoize f(labels) per label-set object within one owner (an AST node, a matching spec). */
export function memoByLabels<T>(): (l: Labels, f: (l: Labels) => T) => T {
  const cache = new WeakMap<Labels, T>();
  return (l, f) => {
    let v = cache.get(l);
    if (v === undefined) cache.set(l, (v = f(l)));
    return v;
  };
}

const sortKeys = new WeakMap<Labels, string>();

/** Prometheus orders label sets by their sorted pairs, name first. A \x00-joined string sorts the same way
 * (a name or value that is a prefix of another sorts first) and is computed once per label-set object. */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function sortKey(l: Labels): string {
  let k = sortKeys.get(l);
  if (k === undefined) {
    k = Object.keys(l)
      .sort()
      .map((n) => n + "\x00" + l[n])
      .join("\x00");
    sortKeys.set(l, k);
  }
  return k;
}

export function matchesOne(m: LabelMatcher, value: string | undefined): boolean {
  const v = value ?? "";
  switch (m.op) {
    case "=":
      return v === m.value;
    case "!=":
      return v !== m.value;
    case "=~":
      return compileAnchored(m.value).test(v);
    case "!~":
      return !compileAnchored(m.value).test(v);
  }
}

export function matchesAll(matchers: LabelMatcher[], l: Labels): boolean {
  return matchers.every((m) => matchesOne(m, l[m.name]));
}

/** Prometheus' label name rule before UTF-8 names (used where 2.x validates, e.g. label_replace). */
export const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isValidLabelName(n: string): boolean {
  return n.length > 0 && !n.includes("\0");
}

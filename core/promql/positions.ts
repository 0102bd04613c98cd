// Where each expression starts in the query text, for annotations ("(1:6)"). Kept beside the tree instead of in
// it: syntax trees stay plain data (compared, formatted and planned as before) and carry no offsets.
import type { Expr } from "./ast";

const starts = new WeakMap<Expr, number>();

export function setPosition(e: Expr, offset: number): void {
  if (!starts.has(e)) starts.set(e, offset);
}

/** The offset of `e` in the query it was parsed from; undefined for a tree built by hand. */
export function positionOf(e: Expr): number | undefined {
  return starts.get(e);
}

/** Maps offsets of a rewritten query text back to the text as written: the rewrites (preparse.ts) insert "0"
 * after trailing dots and read holt_winters as double_exponential_smoothing, and keep everything else. */
export function offsetMapper(written: string, rewritten: string): (offset: number) => number {
  if (written === rewritten) return (o) => o;
  const map = new Int32Array(rewritten.length + 1);
  let i = 0;
  let j = 0;
  while (j < rewritten.length) {
    if (written[i] === rewritten[j]) {
      map[j++] = i++;
    } else if (written.startsWith("holt_winters", i) && rewritten.startsWith("double_exponential_smoothing", j)) {
      for (let k = 0; k < 28; k++) map[j + k] = i;
      i += 12;
      j += 28;
    } else {
      map[j++] = i;
    }
  }
  map[rewritten.length] = written.length;
  return (o) => map[Math.max(0, Math.min(o, rewritten.length))];
}

// Rewrites of the query text for what the lezer grammar does not read the way Prometheus' own parser does.
// Both skip string literals and keep every other character.

/** `2.` and `1./6.`: Go's lexer reads a trailing dot as part of the number; the lezer grammar does not. Adds the
 * zero outside string literals, keeping every other character where it was. */
export function completeTrailingDots(q: string): string {
  if (!q.includes(".")) return q;
  let out = "";
  let quote = "";
  for (let i = 0; i < q.length; i++) {
    const ch = q[i];
    out += ch;
    if (quote) {
      if (ch === "\\" && quote !== "`") out += q[++i] ?? "";
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "." && /[0-9]/.test(q[i - 1] ?? "") && !/[0-9a-zA-Z_.]/.test(q[i + 1] ?? "")) {
      // Only a number's dot: the digits before it must not end an identifier (`foo1.`).
      let j = i - 1;
      while (j >= 0 && /[0-9]/.test(q[j])) j--;
      if (j < 0 || !/[a-zA-Z_:.]/.test(q[j])) out += "0";
    }
  }
  return out;
}

const HOLT = "holt_winters";
const DES = "double_exponential_smoothing";

/** holt_winters (Prometheus 2.x) is not in the grammar, which knows it by its 3.x name: the call is read as
 * double_exponential_smoothing, and the offsets of the renamed calls (in the returned text) say which were
 * written the 2.x way. */
export function renameHoltWinters(q: string): { text: string; renamed: Set<number> } {
  const renamed = new Set<number>();
  if (!q.includes(HOLT)) return { text: q, renamed };
  let out = "";
  let quote = "";
  for (let i = 0; i < q.length; i++) {
    const ch = q[i];
    if (quote) {
      out += ch;
      if (ch === "\\" && quote !== "`") out += q[++i] ?? "";
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    if (q.startsWith(HOLT, i) && !/[a-zA-Z0-9_:]/.test(q[i - 1] ?? "") && /^\s*\(/.test(q.slice(i + HOLT.length))) {
      renamed.add(out.length);
      out += DES;
      i += HOLT.length - 1;
      continue;
    }
    out += ch;
  }
  return { text: out, renamed };
}

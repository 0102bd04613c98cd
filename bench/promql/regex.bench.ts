// Label-value regex matching as a postings lookup does it: every distinct value of a label tested once per
// matcher. Compares Vigil's matcher (core/promql/regex.ts: fast paths, else RE2 in linear time) with the
// automaton alone and with the previous path (JavaScript's backtracking RegExp, which RE2 syntax like these
// patterns translated to unchanged). Prints ns per value and ratios; writes bench/out/promql-regex.json.
// Never asserts on time; asserts that all three agree on every value.
import { writeFileSync } from "node:fs";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { compileAnchored } from "../../core/promql/regex";
import { seededRng } from "../../core/random";
import { benchOut, sized } from "../quick";

const VALUES = 5000;
const ROUNDS = sized(20, 2);

function labelValues(): string[] {
  const rnd = seededRng(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const svcs = ["checkout", "payment", "cart", "search", "auth", "api-gateway", "inventory", "shipping"];
  const out: string[] = [];
  for (let i = 0; i < VALUES; i++) {
    const kind = i % 4;
    if (kind === 0) out.push(`${pick(svcs)}-${Math.floor(rnd() * 1e5).toString(36)}-${pick(["prod", "staging"])}`);
    else if (kind === 1) out.push(`/api/v${1 + (i % 3)}/${pick(svcs)}/${Math.floor(rnd() * 1e6)}`);
    else if (kind === 2) out.push(`${pick(svcs)}-${Math.floor(rnd() * 1e9).toString(16)}-${"abcde".slice(i % 5)}x`);
    else out.push(String(pick([200, 201, 204, 301, 400, 404, 429, 500, 502, 503])));
  }
  return out;
}

const MATCHERS = [
  "checkout|payment|cart",
  "api-gateway.*",
  ".*-prod",
  ".+",
  ".*",
  "5..",
  "2[0-9]{2}|404",
  "checkout-[0-9a-z]+-(prod|staging)",
  "/api/v[12]/.*",
  "(?i)CHECKOUT.*",
  ".*pay.*",
];

function time(f: () => number): { ns: number; hits: number } {
  let hits = 0;
  f();
  const t = performance.now();
  for (let r = 0; r < ROUNDS; r++) hits = f();
  return { ns: ((performance.now() - t) * 1e6) / (ROUNDS * VALUES), hits };
}

describe("label regex matching", () => {
  it("measures Vigil's matcher against RE2 alone and JavaScript RegExp", () => {
    const values = labelValues();
    const rows: Record<string, { vigil: number; re2: number; jsRegExp: number; hits: number }> = {};
    for (const p of MATCHERS) {
      const vigil = compileAnchored(p);
      const re2 = RE2JS.compile(`^(?:${p})$`);
      // JavaScript has no inline (?i): the old translator lifted a leading flag group into RegExp flags.
      const js = p.startsWith("(?i)") ? new RegExp(`^(?:${p.slice(4)})$`, "ui") : new RegExp(`^(?:${p})$`, "u");
      const count = (test: (s: string) => boolean) => () => values.reduce((n, v) => n + (test(v) ? 1 : 0), 0);
      const a = time(count((s) => vigil.test(s)));
      const b = time(count((s) => re2.testExact(s)));
      const c = time(count((s) => js.test(s)));
      expect(a.hits, p).toBe(c.hits);
      expect(b.hits, p).toBe(c.hits);
      rows[p] = { vigil: a.ns, re2: b.ns, jsRegExp: c.ns, hits: a.hits };
    }
    const sum = (k: "vigil" | "re2" | "jsRegExp") => Object.values(rows).reduce((s, r) => s + r[k], 0);
    console.log(`[bench] label regex over ${VALUES} values (ns/value): matcher  vigil  re2-alone  js-RegExp  vigil/js`);
    for (const [p, r] of Object.entries(rows))
      console.log(
        `  ${p.padEnd(36)} ${r.vigil.toFixed(0).padStart(6)} ${r.re2.toFixed(0).padStart(9)} ${r.jsRegExp.toFixed(0).padStart(10)} ${(r.vigil / r.jsRegExp).toFixed(2).padStart(8)}`,
      );
    const ratio = sum("vigil") / sum("jsRegExp");
    console.log(
      `  total: vigil/js-RegExp = ${ratio.toFixed(2)}, re2-alone/js-RegExp = ${(sum("re2") / sum("jsRegExp")).toFixed(2)}`,
    );
    writeFileSync(benchOut("promql-regex"), JSON.stringify({ values: VALUES, rows, ratio }, null, 2));
  });
});

// Reads Prometheus' PromQL test scripts (promql/promqltest/testdata/*.test): `load <gap>` blocks of series
// descriptions, `eval[_fail|_ordered] instant at <t> <expr>` and `eval range from .. to .. step ..` with their
// expected results, and `clear`. Mirrors promqltest/test.go and the series grammar of Prometheus' parser.
import { parseDurationMs, unquoteString } from "../../../core/promql/literals";

export type Labels = Record<string, string>;
/** One value of a series description: a number, a stale marker, or omitted (null). Stale markers stay a
 * token until written into a Float64Array: a NaN payload does not survive plain JS arrays. */
export type SeqValue = number | "stale" | null;

export interface LoadCmd {
  kind: "load";
  gapMs: number;
  series: { labels: Labels; values: SeqValue[] }[];
  /** Uses native histogram notation (`{{...}}`). */
  histograms: boolean;
}

export interface EvalCmd {
  kind: "eval";
  line: number;
  expr: string;
  fail: boolean;
  ordered: boolean;
  range?: { startMs: number; endMs: number; stepMs: number };
  atMs: number;
  /** Expected series (or one scalar when `scalar` is set). */
  expected: { labels: Labels; values: SeqValue[] }[];
  scalar?: number;
  histograms: boolean;
}

export type Command = LoadCmd | EvalCmd | { kind: "clear" };

function parseGoNumber(s: string): number | null {
  const t = s.trim();
  if (/^[+-]?(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.test(t)) {
    const neg = t.startsWith("-");
    const body = t.replace(/^[+-]/, "");
    const n = /^0x/i.test(body)
      ? Number.parseInt(body.slice(2), 16)
      : /^0[0-7]+$/.test(body)
        ? Number.parseInt(body, 8)
        : Number(body);
    return neg ? -n : n;
  }
  const lower = t.toLowerCase().replace(/^\+/, "");
  if (lower === "inf" || lower === "infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (lower === "nan") return NaN;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  return null;
}

function seriesValue(tok: string): number {
  const n = parseGoNumber(tok);
  if (n === null) throw new Error(`bad series value ${JSON.stringify(tok)}`);
  return n;
}

/** `a`, `_`, `_xN`, `axN`, `a+bxN`, `a-bxN` -> values (N+1 values for the repeating forms, N blanks for `_xN`). */
export function expandItem(tok: string): SeqValue[] {
  if (tok === "_") return [null];
  if (tok === "stale") return ["stale"];
  const blank = /^_x(\d+)$/.exec(tok);
  if (blank) return Array.from({ length: Number(blank[1]) }, () => null);
  const rep = /^(.+?)x(\d+)$/.exec(tok);
  if (!rep) return [seriesValue(tok)];
  const n = Number(rep[2]);
  const m = /^([+-]?(?:[0-9.]+(?:e[+-]?\d+)?|Inf|NaN|stale))([+-](?:[0-9.]+(?:e[+-]?\d+)?|Inf|NaN))?$/i.exec(rep[1]);
  if (!m) throw new Error(`bad series item ${JSON.stringify(tok)}`);
  if (m[1] === "stale") return Array.from({ length: n + 1 }, () => "stale" as const);
  let v = seriesValue(m[1]);
  const inc = m[2] ? seriesValue(m[2]) : 0;
  const out: SeqValue[] = [];
  for (let i = 0; i <= n; i++) {
    out.push(v);
    v += inc;
  }
  return out;
}

/** `metric{a="b", c="d"} values...` -> labels and the rest of the line. */
export function parseLabels(line: string): { labels: Labels; rest: string } {
  const labels: Labels = {};
  let i = 0;
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (name) {
    labels.__name__ = name[0];
    i = name[0].length;
  }
  if (line[i] === "{") {
    i++;
    for (;;) {
      while (/[\s,]/.test(line[i] ?? "")) i++;
      if (line[i] === "}") {
        i++;
        break;
      }
      const key = /^([a-zA-Z_][a-zA-Z0-9_]*|"(?:[^"\\]|\\.)*")\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/.exec(
        line.slice(i),
      );
      if (!key) throw new Error(`bad label set at ${JSON.stringify(line.slice(i, i + 30))}`);
      const k = key[1].startsWith('"') ? unquoteString(key[1]) : key[1];
      labels[k] = unquoteString(key[2]);
      i += key[0].length;
    }
  }
  if (!name && i === 0) throw new Error(`bad series line ${JSON.stringify(line)}`);
  return { labels, rest: line.slice(i).trim() };
}

function parseSeriesLine(line: string): { labels: Labels; values: SeqValue[] } {
  const { labels, rest } = parseLabels(line);
  const values = rest === "" ? [] : rest.split(/\s+/).flatMap(expandItem);
  return { labels, values };
}

const EVAL_INSTANT = /^eval(?:_(fail|ordered))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;

export function parseScript(text: string): Command[] {
  const lines = text.split("\n").map((l) => {
    const t = l.trim();
    return t.startsWith("#") ? "" : t;
  });
  const cmds: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === "") continue;
    const word = l.split(/[\t ]+/, 1)[0].toLowerCase();
    const body: string[] = [];
    const takeBody = () => {
      while (i + 1 < lines.length && lines[i + 1] !== "") body.push(lines[++i]);
    };
    if (word === "clear") cmds.push({ kind: "clear" });
    else if (word === "load") {
      const gapMs = parseDurationMs(l.slice(4).trim(), false);
      takeBody();
      const histograms = body.some((b) => b.includes("{{"));
      cmds.push({ kind: "load", gapMs, histograms, series: histograms ? [] : body.map(parseSeriesLine) });
    } else if (word.startsWith("eval")) {
      const line = i + 1;
      takeBody();
      const histograms = body.some((b) => b.includes("{{"));
      const inst = EVAL_INSTANT.exec(l);
      const rng = EVAL_RANGE.exec(l);
      if (!inst && !rng) throw new Error(`line ${line}: bad eval ${l}`);
      const cmd: EvalCmd = inst
        ? {
            kind: "eval",
            line,
            expr: inst[3],
            fail: inst[1] === "fail",
            ordered: inst[1] === "ordered",
            atMs: parseDurationMs(inst[2] ?? "0s", false),
            expected: [],
            histograms,
          }
        : {
            kind: "eval",
            line,
            expr: rng![5],
            fail: rng![1] === "fail",
            ordered: false,
            atMs: 0,
            range: {
              startMs: parseDurationMs(rng![2], false),
              endMs: parseDurationMs(rng![3], false),
              stepMs: parseDurationMs(rng![4], false),
            },
            expected: [],
            histograms,
          };
      for (const b of body) {
        const n = parseGoNumber(b);
        if (n !== null) {
          cmd.scalar = n;
          break;
        }
        if (!histograms) cmd.expected.push(parseSeriesLine(b));
      }
      cmds.push(cmd);
    } else throw new Error(`line ${i + 1}: unknown command ${l}`);
  }
  return cmds;
}

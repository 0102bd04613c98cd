// Prometheus regexes are Go RE2, fully anchored. JavaScript's syntax differs in a few places (named groups,
// POSIX classes, \z, \Q..\E, stray braces, identity escapes under the `u` flag), so patterns are rewritten
// token by token rather than passed through.
import { PromQLError } from "./errors";

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
/** Characters that may be escaped with a backslash in a JS `u`-mode pattern. */
const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/-");

function escapeLiteral(ch: string, inClass: boolean): string {
  // `\-` is only a valid escape inside a class in `u` mode.
  if (ch === "-" && !inClass) return ch;
  return JS_SYNTAX.has(ch) ? "\\" + ch : ch;
}

/** Translate one RE2 pattern to a JS source + flags. Throws PromQLError on syntax JS cannot express. */
export function translateRegex(re: string): { source: string; flags: string } {
  let flags = "u";
  let i = 0;
  // Leading flag groups like (?i) or (?is) apply to the whole pattern.
  const lead = /^\(\?([imsU]+)\)/.exec(re);
  if (lead) {
    for (const f of lead[1]) {
      if (f === "U") throw new PromQLError("bad_data", `unsupported regex flag U in ${JSON.stringify(re)}`);
      if (!flags.includes(f)) flags += f;
    }
    i = lead[0].length;
  }
  let out = "";
  let inClass = false;
  while (i < re.length) {
    const ch = re[i];
    if (ch === "\\") {
      const next = re[i + 1];
      if (next === undefined) throw new PromQLError("bad_data", "trailing backslash at end of expression");
      if (next === "Q") {
        const end = re.indexOf("\\E", i + 2);
        const lit = end < 0 ? re.slice(i + 2) : re.slice(i + 2, end);
        for (const c of lit) out += escapeLiteral(c, inClass);
        i = end < 0 ? re.length : end + 2;
        continue;
      }
      if (next === "z") {
        out += "$";
        i += 2;
        continue;
      }
      if (next === "A") {
        out += "^";
        i += 2;
        continue;
      }
      if (next === "x" && re[i + 2] === "{") {
        const end = re.indexOf("}", i + 3);
        if (end < 0) throw new PromQLError("bad_data", "invalid escape sequence: \\x{");
        out += `\\u{${re.slice(i + 3, end)}}`;
        i = end + 1;
        continue;
      }
      if (/[0-7]/.test(next) && next !== "0") {
        throw new PromQLError("bad_data", `invalid escape sequence: \\${next}`);
      }
      if (/[A-Za-z0-9]/.test(next)) {
        if (!/[dDsSwWbBpPnrtfvax0]/.test(next)) throw new PromQLError("bad_data", `invalid escape sequence: \\${next}`);
        if ((next === "p" || next === "P") && re[i + 2] !== "{") {
          out += `\\${next}{${re[i + 2]}}`;
          i += 3;
          continue;
        }
        if (next === "a") {
          out += "\\x07";
          i += 2;
          continue;
        }
        if (next === "0") {
          out += "\\x00";
          i += 2;
          continue;
        }
        out += "\\" + next;
        i += 2;
        continue;
      }
      out += escapeLiteral(next, inClass);
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === "[" && re[i + 1] === ":") {
        const end = re.indexOf(":]", i + 2);
        if (end > 0) {
          let name = re.slice(i + 2, end);
          const neg = name.startsWith("^");
          if (neg) name = name.slice(1);
          const cls = POSIX[name];
          if (!cls || neg) throw new PromQLError("bad_data", `invalid character class range: [:${name}:]`);
          out += cls;
          i = end + 2;
          continue;
        }
      }
      if (ch === "]") inClass = false;
      out += ch === "[" || ch === "/" ? "\\" + ch : ch;
      i++;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      out += "[";
      i++;
      if (re[i] === "^") {
        out += "^";
        i++;
      }
      // A leading ] is literal in RE2.
      if (re[i] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (ch === "(" && re[i + 1] === "?") {
      if (re[i + 2] === "P" && re[i + 3] === "<") {
        out += "(?<";
        i += 4;
        continue;
      }
      if (re[i + 2] === ":") {
        out += "(?:";
        i += 3;
        continue;
      }
      if (re[i + 2] === "<") {
        out += "(?<";
        i += 3;
        continue;
      }
      throw new PromQLError("bad_data", `unsupported regex group syntax in ${JSON.stringify(re)}`);
    }
    if (ch === "{") {
      // RE2 treats a brace that does not start a valid repetition as a literal.
      const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i));
      if (m) {
        if (Number(m[1]) > 1000 || (m[3] && Number(m[3]) > 1000))
          throw new PromQLError("bad_data", "invalid repeat count");
        out += m[0];
        i += m[0].length;
        continue;
      }
      out += "\\{";
      i++;
      continue;
    }
    if (ch === "}") {
      out += "\\}";
      i++;
      continue;
    }
    if (ch === "/") {
      out += "\\/";
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  if (inClass) throw new PromQLError("bad_data", "missing closing ]");
  return { source: out, flags };
}

const cache = new Map<string, RegExp>();

/** Compile a Prometheus label regex, anchored at both ends as Prometheus does. */
export function compileAnchored(re: string): RegExp {
  let hit = cache.get(re);
  if (hit) return hit;
  const { source, flags } = translateRegex(re);
  try {
    hit = new RegExp(`^(?:${source})$`, flags);
  } catch (e) {
    throw new PromQLError("bad_data", `invalid regular expression ${JSON.stringify(re)}: ${(e as Error).message}`);
  }
  if (cache.size > 2000) cache.clear();
  cache.set(re, hit);
  return hit;
}

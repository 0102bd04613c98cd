export interface MatcherInput {
  name: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

const ONE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^,"]*?))\s*$/;

/**
 * Alertmanager's matcher list as people type it: `service="checkout", severity=~"crit.*"` (quotes optional when
 * the value has no comma). Returns the matchers, or the first part that is not a matcher.
 */
export function parseMatchers(text: string): { matchers: MatcherInput[] } | { error: string } {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && quoted) {
      cur += ch + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  const matchers: MatcherInput[] = [];
  for (const p of parts) {
    if (!p.trim()) continue;
    const m = ONE.exec(p);
    if (!m) return { error: `not a matcher: ${p.trim()} (write name="value", name!="value", name=~"regex")` };
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, "$1") : (m[4] ?? "");
    matchers.push({ name: m[1], op: m[2] as MatcherInput["op"], value });
  }
  return { matchers };
}

export const formatMatchers = (ms: readonly MatcherInput[]): string =>
  ms.map((m) => `${m.name}${m.op}"${m.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(", ");

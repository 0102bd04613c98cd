// Pinned-scope filters shared by every telemetry query: `scope=environment=production`,
// `scope=region!~us-west-.*`. Friendly names map to OpenTelemetry resource attributes.
import { type AnchoredRegex, compileAnchored } from "../promql/regex";

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface AttrMatcher {
  /** Attribute key as stored (resource or span attribute), after mapping friendly names. */
  key: string;
  op: MatchOp;
  value: string;
}

export const scopeKeyAliases: Record<string, string> = {
  environment: "deployment.environment",
  env: "deployment.environment",
  region: "cloud.region",
  service: "service.name",
  version: "deployment.version",
};

export function mapScopeKey(name: string): string {
  return scopeKeyAliases[name] ?? name;
}

export class ScopeParseError extends Error {
  override name = "ScopeParseError";
}

const MATCHER = /^\s*([^=!~\s][^=!~]*?)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Parse one `key<op>value` expression; quotes around the value are optional. */
export function parseMatcher(expr: string, mapKeys = true): AttrMatcher {
  const m = MATCHER.exec(expr);
  if (!m) throw new ScopeParseError(`'${expr.slice(0, 100)}' is not key=value, key!=value, key=~regex or key!~regex`);
  const key = mapKeys ? mapScopeKey(m[1]) : m[1];
  let value = m[3];
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0])
    value = value.slice(1, -1);
  const op = m[2] as MatchOp;
  if (op === "=~" || op === "!~") compileMatcherRegex(value);
  return { key, op, value };
}

export function parseScopeParams(values: readonly string[], mapKeys = true): AttrMatcher[] {
  if (values.length > 20) throw new ScopeParseError("at most 20 scope/tag filters");
  return values.filter((v) => v.trim() !== "").map((v) => parseMatcher(v, mapKeys));
}

/** Regex matchers are RE2 anchored like PromQL's (linear time), so `us-east-.*` means the whole value. */
export function compileMatcherRegex(source: string): AnchoredRegex {
  if (source.length > 512) throw new ScopeParseError("regex longer than 512 characters");
  try {
    return compileAnchored(source);
  } catch (e) {
    throw new ScopeParseError(`invalid regex '${source.slice(0, 100)}': ${(e as Error).message}`);
  }
}

/** Does a flattened attribute value (undefined when absent) satisfy the matcher? Absent equals "". */
export function matches(m: AttrMatcher, value: string | undefined, re?: AnchoredRegex): boolean {
  const v = value ?? "";
  switch (m.op) {
    case "=":
      return v === m.value;
    case "!=":
      return v !== m.value;
    case "=~":
      return (re ?? compileMatcherRegex(m.value)).test(v);
    case "!~":
      return !(re ?? compileMatcherRegex(m.value)).test(v);
  }
}

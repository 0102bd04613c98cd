// The pinned scope: label=value chips (environment=production, region=us-east-1) carried in the URL as
// repeated `scope` params and applied to queries as extra label matchers.

export interface ScopeChip {
  key: string;
  value: string;
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.]*$/;

export function parseScope(values: string[]): ScopeChip[] {
  const out: ScopeChip[] = [];
  for (const v of values) {
    const i = v.indexOf("=");
    if (i <= 0) continue;
    const key = v.slice(0, i).trim();
    const value = v.slice(i + 1).trim();
    if (KEY_RE.test(key) && value && !out.some((c) => c.key === key)) out.push({ key, value });
  }
  return out;
}

export const formatScope = (chips: ScopeChip[]): string[] => chips.map((c) => `${c.key}=${c.value}`);

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** A PromQL matcher list for the scope: `environment="production",region="us-east-1"` (dotted names quoted). */
export function scopeMatchers(chips: ScopeChip[]): string {
  return chips
    .map((c) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.key) ? c.key : quote(c.key)}=${quote(c.value)}`)
    .join(",");
}

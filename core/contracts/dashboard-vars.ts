import type { DashboardModel } from "./dashboards";

/** Dashboard variables: the values in effect (model defaults, then URL overrides) and their substitution
 * into panel queries (`$name`, `${name}`, `[[name]]`; multi-values become a regex alternation). */

export type VarValues = Record<string, string | string[]>;

export function currentValues(
  model: Pick<DashboardModel, "variables">,
  overrides: Record<string, string | string[]> = {},
): VarValues {
  const out: VarValues = {};
  for (const v of model.variables) {
    const o = overrides[v.name];
    const val = o ?? v.current ?? v.options?.[0];
    if (val !== undefined) out[v.name] = val;
  }
  return out;
}

function render(v: string | string[]): string {
  return Array.isArray(v) ? (v.length === 1 ? v[0]! : `(${v.join("|")})`) : v;
}

export function interpolate(text: string, vars: VarValues): string {
  return text.replace(
    /\$\{([A-Za-z_]\w*)\}|\[\[([A-Za-z_]\w*)\]\]|\$([A-Za-z_]\w*)/g,
    (m, a?: string, b?: string, c?: string) => {
      const name = (a ?? b ?? c)!;
      const v = vars[name];
      return v === undefined ? m : render(v);
    },
  );
}

/** A step that keeps a range query near `points` points, rounded to whole seconds. */
export function autoStep(fromMs: number, toMs: number, points = 300): number {
  return Math.max(1_000, Math.ceil((toMs - fromMs) / points / 1_000) * 1_000);
}

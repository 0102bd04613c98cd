// Threshold steps as Grafana writes them ({ value, color }, value null = the base step) -> the colour a value
// takes. Colour names map onto the theme's status colours, so light, dark and the wall follow the same rules.

export interface ThresholdStep {
  value: number | null;
  color?: string;
}

const NAMED: Record<string, string> = {
  green: "var(--ok)",
  red: "var(--crit)",
  orange: "var(--warn)",
  amber: "var(--warn)",
  yellow: "var(--warn)",
  blue: "var(--info)",
  "semi-dark-red": "var(--crit)",
  "dark-red": "var(--crit)",
  "semi-dark-orange": "var(--warn)",
};

export function cssColor(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return NAMED[name.toLowerCase()] ?? (/^#[0-9a-f]{3,8}$/i.test(name) ? name : undefined);
}

export function readSteps(raw: unknown): ThresholdStep[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((x): x is { value?: unknown; color?: unknown } => typeof x === "object" && x !== null)
    .map((x) => ({
      value: typeof x.value === "number" && Number.isFinite(x.value) ? x.value : null,
      color: typeof x.color === "string" ? x.color : undefined,
    }));
}

/** The step a value falls in: the highest whose value it reaches; below every step, the base (green when the
 * panel has thresholds but no base: a healthy reading reads healthy). */
export function thresholdColor(value: number | null, steps: ThresholdStep[]): string | undefined {
  if (value === null || !Number.isFinite(value) || steps.length === 0) return undefined;
  const base = steps.find((s) => s.value === null);
  let hit: ThresholdStep | undefined;
  for (const s of steps)
    if (s.value !== null && value >= s.value && (!hit || s.value >= (hit.value ?? -Infinity))) hit = s;
  return cssColor((hit ?? base)?.color ?? (hit ? "red" : "green"));
}

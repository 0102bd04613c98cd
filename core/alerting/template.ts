import type { Labels } from "./types";

/**
 * Prometheus-style annotation templates, the small subset people actually write:
 * `{{ $labels.region }}`, `{{ $labels["deployment.version"] }}`, `{{ $value }}`, and the pipes
 * `humanize`, `humanizePercentage`, `printf "%.2f"`. Anything else is left verbatim so a typo is visible.
 */
export function renderTemplate(tpl: string, ctx: { labels: Labels; value: number | null }): string {
  return tpl.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, expr: string) => {
    const [head, ...pipes] = expr.split("|").map((s) => s.trim());
    let v: string | number | undefined;
    const label = /^\$labels(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*"([^"]*)"\s*\])$/.exec(head);
    if (label) v = ctx.labels[label[1] ?? label[2]] ?? "";
    else if (head === "$value") v = ctx.value ?? NaN;
    else return whole;
    for (const p of pipes) {
      if (typeof v !== "number") break;
      if (p === "humanize") v = humanize(v);
      else if (p === "humanizePercentage") v = `${trim(v * 100)}%`;
      else {
        const m = /^printf\s+"%\.(\d)f"$/.exec(p);
        if (!m) return whole;
        v = v.toFixed(Number(m[1]));
      }
    }
    return typeof v === "number" ? trim(v) : v;
  });
}

function trim(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(4)));
}

function humanize(n: number): string {
  const units = ["", "k", "M", "G", "T"];
  let i = 0;
  while (Math.abs(n) >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${trim(n)}${units[i]}`;
}

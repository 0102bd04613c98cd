// Number formats shared by the one-line DDx reasons (metric and trace).

export function pct(x: number): string {
  const p = x * 100;
  if (p > 0 && p < 1) return "<1%";
  if (p > 99 && p < 100) return ">99%";
  return `${Math.round(p)}%`;
}

export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(3)).toString();
}

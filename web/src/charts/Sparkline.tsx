import { createMemo } from "solid-js";

/** A small line of the values, no axes: the shape of the last range behind a stat's number. */
export function Sparkline(props: { values: (number | null)[]; color?: string; height?: number; label: string }) {
  const h = () => props.height ?? 32;
  const path = createMemo(() => {
    const vs = props.values
      .map((v, i) => [i, v] as const)
      .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]));
    if (vs.length < 2) return "";
    const min = Math.min(0, ...vs.map((p) => p[1]));
    const max = Math.max(...vs.map((p) => p[1]));
    const n = props.values.length - 1 || 1;
    const y = (v: number) => (max === min ? h() / 2 : h() - 2 - ((v - min) / (max - min)) * (h() - 4));
    return vs.map(([i, v], k) => `${k ? "L" : "M"}${((i / n) * 100).toFixed(2)},${y(v).toFixed(1)}`).join(" ");
  });
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 100 ${h()}`}
      preserveAspectRatio="none"
      height={h()}
      role="img"
      aria-label={props.label}
    >
      <path
        d={path()}
        fill="none"
        stroke={props.color ?? "var(--accent)"}
        stroke-width="1.5"
        vector-effect="non-scaling-stroke"
      />
    </svg>
  );
}

import { createMemo, For, Show } from "solid-js";
import type { GraphEdge, GraphNode } from "../../api/services";
import { fmtMs, fmtRate } from "../traces/format";
import { edgePath, edgeStyle, layoutMap, NODE_H, NODE_W } from "./map-layout";

export type MapSelection = { kind: "node"; id: string } | { kind: "edge"; source: string; target: string };

/** Upstream | service | downstream, in SVG. Nodes and edges are links (keyboard and screen reader reachable). */
export function DependencyMap(props: { focus: string; nodes: GraphNode[]; edges: GraphEdge[]; onSelect: (s: MapSelection) => void }) {
  const layout = createMemo(() => layoutMap(props.nodes, props.edges, props.focus));
  const pos = createMemo(() => new Map(layout().nodes.map((n) => [n.id, n])));
  const pad = 24;
  // SVG <g role="button">: an <a> in a component root would be created as an HTML element, outside the SVG.
  const keys = (e: KeyboardEvent, s: MapSelection) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    e.preventDefault();
    props.onSelect(s);
  };
  return (
    <svg class="tl-map" viewBox={`${-pad} ${-pad} ${layout().width + 2 * pad} ${layout().height + 2 * pad + 20}`} role="group" aria-label={`Dependency map of ${props.focus}: callers on the left, callees on the right`}>
      <defs>
        <marker id="tl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="var(--fg2)" />
        </marker>
      </defs>
      <For each={props.edges}>
        {(e) => {
          const a = () => pos().get(e.source);
          const b = () => pos().get(e.target);
          const st = () => edgeStyle(e);
          return (
            <Show when={a() && b()}>
              <g role="button" tabindex="0" aria-label={`Call ${e.source} to ${e.target}: ${fmtRate(e.current.requestsPerMin)} req/min, ${fmtRate(e.current.errorsPerMin)} errors/min, p99 ${fmtMs(e.current.p99Ms)}${st().label ? `; ${st().label}` : ""}`} onClick={() => props.onSelect({ kind: "edge", source: e.source, target: e.target })} onKeyDown={(ev) => keys(ev, { kind: "edge", source: e.source, target: e.target })}>
                <path d={edgePath(a()!, b()!)} class={`edge ${st().tone}`} stroke-width={st().width} marker-end="url(#tl-arrow)" />
                {/* a wide transparent twin makes the thin edge easy to hit */}
                <path d={edgePath(a()!, b()!)} fill="none" stroke="transparent" stroke-width="16" />
              </g>
            </Show>
          );
        }}
      </For>
      <For each={layout().nodes}>
        {(n) => {
          const cur = () => n.node?.current;
          const base = () => n.node?.baseline;
          const bad = () => (cur()?.errorRate ?? 0) >= 0.05;
          return (
            <g role="button" tabindex="0" style={{ cursor: "pointer" }} aria-label={`${n.node?.kind === "external" ? "External " : ""}${n.id}`} onClick={() => props.onSelect({ kind: "node", id: n.id })} onKeyDown={(ev) => keys(ev, { kind: "node", id: n.id })}>
              <g class={`node ${n.col === 0 ? "focus" : ""} ${n.node?.kind === "external" ? "external" : ""} ${bad() ? "bad" : ""}`} transform={`translate(${n.x},${n.y})`}>
                <rect width={NODE_W} height={NODE_H} rx="8" />
                <text x="10" y="19" font-weight="600">
                  {bad() ? "⚠ " : ""}
                  {n.id.length > 24 ? `${n.id.slice(0, 23)}…` : n.id}
                </text>
                <text class="sub" x="10" y="37">
                  {n.node?.kind === "external" ? "external · " : ""}
                  {fmtRate(cur()?.requestsPerMin ?? 0)} req/min (was {fmtRate(base()?.requestsPerMin ?? 0)})
                </text>
                <text class="sub" x="10" y="52" fill={bad() ? "var(--crit)" : undefined}>
                  {fmtRate(cur()?.errorsPerMin ?? 0)} err/min (was {fmtRate(base()?.errorsPerMin ?? 0)})
                </text>
                <text class="sub" x="10" y="67">
                  p99 {fmtMs(cur()?.p99Ms)} (was {fmtMs(base()?.p99Ms)})
                </text>
              </g>
            </g>
          );
        }}
      </For>
      <For each={props.edges}>
        {(e) => {
          const a = () => pos().get(e.source);
          const b = () => pos().get(e.target);
          const st = () => edgeStyle(e);
          return (
            <Show when={a() && b() && st().label}>
              <text class={`edge-label ${st().tone}`} x={(a()!.x + NODE_W + b()!.x) / 2} y={(a()!.y + b()!.y) / 2 + NODE_H / 2 - 7} text-anchor="middle" aria-hidden="true">
                {st().tone === "bad" ? "⚠ " : ""}
                {st().label}
              </text>
            </Show>
          );
        }}
      </For>
    </svg>
  );
}

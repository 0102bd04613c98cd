import { createMemo, createSignal, For, onCleanup, Show } from "solid-js";
import type { GraphEdge, GraphNode } from "../../api/services";
import { fmtFactor, fmtMs, fmtRate } from "../traces/format";
import { edgePath, edgeStyle, layoutMap, type MapNode } from "./map-layout";
import { edgeLabelVertical, edgePathVertical, layoutMapVertical } from "./map-layout-vertical";

export type MapSelection = { kind: "node"; id: string } | { kind: "edge"; source: string; target: string };

/** Same breakpoint as the page layout (styles.css): below it the map turns vertical. */
function createNarrow() {
  const mq = typeof matchMedia === "function" ? matchMedia("(max-width: 760px)") : null;
  const [narrow, setNarrow] = createSignal(!!mq?.matches);
  const on = (e: MediaQueryListEvent) => setNarrow(e.matches);
  mq?.addEventListener("change", on);
  onCleanup(() => mq?.removeEventListener("change", on));
  return narrow;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** "x39" when the change is worth a glance on a small screen. */
const notable = (f: number | null | undefined) => (f != null && (f >= 1.5 || f <= 0.67) ? ` ${fmtFactor(f)}` : "");

/** Upstream | service | downstream in SVG (rows on phones). Nodes and edges are buttons (keyboard and screen reader reachable). */
export function DependencyMap(props: {
  focus: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  onSelect: (s: MapSelection) => void;
}) {
  const narrow = createNarrow();
  const layout = createMemo(() => (narrow() ? layoutMapVertical : layoutMap)(props.nodes, props.edges, props.focus));
  const pos = createMemo(() => new Map(layout().nodes.map((n) => [n.id, n])));
  const pathFor = (a: MapNode, b: MapNode) => (layout().vertical ? edgePathVertical(a, b) : edgePath(a, b));
  const labelAt = (a: MapNode, b: MapNode) =>
    layout().vertical
      ? edgeLabelVertical(a, b)
      : { x: (a.x + layout().nodeW + b.x) / 2, y: (a.y + b.y) / 2 + layout().nodeH / 2 - 7 };
  const pad = () => (layout().vertical ? 4 : 24);
  // SVG <g role="button">: an <a> in a component root would be created as an HTML element, outside the SVG.
  const keys = (e: KeyboardEvent, s: MapSelection) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    e.preventDefault();
    props.onSelect(s);
  };
  return (
    <svg
      class="tl-map"
      classList={{ vertical: !!layout().vertical }}
      viewBox={`${-pad()} ${-pad()} ${layout().width + 2 * pad()} ${layout().height + 2 * pad() + 20}`}
      role="group"
      aria-label={`Dependency map of ${props.focus}: callers ${layout().vertical ? "above" : "on the left"}, callees ${layout().vertical ? "below" : "on the right"}`}
    >
      <defs>
        <marker
          id="tl-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
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
              <g
                role="button"
                tabindex="0"
                class="edge-hit"
                aria-label={`Call ${e.source} to ${e.target}: ${fmtRate(e.current.requestsPerMin)} req/min, ${fmtRate(e.current.errorsPerMin)} errors/min, p99 ${fmtMs(e.current.p99Ms)}${st().label ? `; ${st().label}` : ""}`}
                onClick={() => props.onSelect({ kind: "edge", source: e.source, target: e.target })}
                onKeyDown={(ev) => keys(ev, { kind: "edge", source: e.source, target: e.target })}
              >
                <path
                  d={pathFor(a()!, b()!)}
                  class={`edge ${st().tone}`}
                  stroke-width={st().width}
                  marker-end="url(#tl-arrow)"
                />
                {/* a wide transparent twin makes the thin edge easy to hit, wider still for thumbs */}
                <path
                  d={pathFor(a()!, b()!)}
                  fill="none"
                  stroke="transparent"
                  stroke-width={layout().vertical ? 26 : 16}
                />
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
          const ext = () => n.node?.kind === "external";
          return (
            <g
              role="button"
              tabindex="0"
              style={{ cursor: "pointer" }}
              aria-label={`${ext() ? "External " : ""}${n.id}`}
              onClick={() => props.onSelect({ kind: "node", id: n.id })}
              onKeyDown={(ev) => keys(ev, { kind: "node", id: n.id })}
            >
              <g
                class={`node ${n.col === 0 ? "focus" : ""} ${ext() ? "external" : ""} ${bad() ? "bad" : ""}`}
                transform={`translate(${n.x},${n.y})`}
              >
                <rect width={layout().nodeW} height={layout().nodeH} rx="8" />
                <Show
                  when={layout().vertical}
                  fallback={
                    <>
                      <text x="10" y="19" font-weight="600">
                        {bad() ? "⚠ " : ""}
                        {clip(n.id, 24)}
                      </text>
                      <text class="sub" x="10" y="37">
                        {ext() ? "external · " : ""}
                        {fmtRate(cur()?.requestsPerMin ?? 0)} req/min (was {fmtRate(base()?.requestsPerMin ?? 0)})
                      </text>
                      <text class="sub" x="10" y="52" fill={bad() ? "var(--crit)" : undefined}>
                        {fmtRate(cur()?.errorsPerMin ?? 0)} err/min (was {fmtRate(base()?.errorsPerMin ?? 0)})
                      </text>
                      <text class="sub" x="10" y="67">
                        p99 {fmtMs(cur()?.p99Ms)} (was {fmtMs(base()?.p99Ms)})
                      </text>
                    </>
                  }
                >
                  {/* Phones: the same figures, with the change against normal as a factor. */}
                  <text x="7" y="16" font-weight="600">
                    {bad() ? "⚠ " : ""}
                    {clip(n.id, bad() ? 11 : 14)}
                  </text>
                  <text class="sub" x="7" y="32">
                    {fmtRate(cur()?.requestsPerMin ?? 0)} req/m{notable(n.node?.change.requestsPerMin)}
                  </text>
                  <text class="sub" x="7" y="47" fill={bad() ? "var(--crit)" : undefined}>
                    {fmtRate(cur()?.errorsPerMin ?? 0)} err/m{notable(n.node?.change.errorsPerMin)}
                  </text>
                  <text class="sub" x="7" y="62">
                    p99 {fmtMs(cur()?.p99Ms)}
                    {notable(n.node?.change.p99Ms)}
                  </text>
                </Show>
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
              <text
                class={`edge-label ${st().tone}`}
                x={labelAt(a()!, b()!).x}
                y={labelAt(a()!, b()!).y}
                text-anchor="middle"
                aria-hidden="true"
              >
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

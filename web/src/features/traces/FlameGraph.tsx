import { createMemo, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import type { FlameNode } from "../../api/traces";
import { fitLabel, flameRects, matchesSearch, partitionTree, serviceHue } from "./flame";
import { fmtUs } from "./format";

const ROW = 22;

/** Flame graph in SVG: click a span to select it, double-click (or "Zoom") to zoom; errors are red with ⚠. */
export function FlameGraph(props: {
  tree: FlameNode;
  zoom: string | null;
  search: string;
  selected: string | null;
  critical: Set<string>;
  showCritical: boolean;
  onSelect: (id: string) => void;
  onZoom: (id: string | null) => void;
}) {
  let host!: HTMLDivElement;
  const [width, setWidth] = createSignal(800);
  onMount(() => {
    setWidth(host.clientWidth || 800);
    const ro = new ResizeObserver(() => setWidth(host.clientWidth || 800));
    ro.observe(host);
    onCleanup(() => ro.disconnect());
  });
  const root = createMemo(() => partitionTree(props.tree));
  const rects = createMemo(() => flameRects(root(), props.zoom).filter((r) => r.w * width() >= 0.5));
  const depth = createMemo(() => rects().reduce((m, r) => Math.max(m, r.depth), 0) + 1);
  // Matches over the whole trace: a short span may be too thin to see, so matches are also listed.
  const matches = createMemo(() =>
    props.search.trim()
      ? root()
          .descendants()
          .filter((d) => matchesSearch(d.data, props.search))
          .map((d) => d.data)
      : [],
  );
  const hits = () => matches().length;
  return (
    <div ref={host} style={{ width: "100%" }}>
      <Show when={props.search.trim()}>
        <div class="row" style={{ margin: "0 0 4px", "font-size": "12px" }}>
          <span
            class="muted"
            role="status"
          >{`${hits()} ${hits() === 1 ? "span matches" : "spans match"} “${props.search}”`}</span>
          <For each={matches().slice(0, 8)}>
            {(m) => (
              <button
                class="btn ghost"
                style={{ "font-size": "12px" }}
                onClick={() => (props.onSelect(m.id), props.onZoom(m.id))}
              >
                {m.service} {m.name} · {fmtUs(m.endUs - m.startUs)}
              </button>
            )}
          </For>
        </div>
      </Show>
      <svg
        class="tl-flame"
        width={width()}
        height={depth() * ROW}
        role="tree"
        aria-label="Flame graph: each bar is a span, width is its time, children below their parent"
      >
        <For each={rects()}>
          {(r) => {
            const x = () => r.x * width();
            const w = () => Math.max(0.5, r.w * width());
            const hit = () => matchesSearch(r, props.search);
            const label = () => fitLabel(`${r.error ? "⚠ " : ""}${r.service ? `${r.service} ` : ""}${r.name}`, w());
            return (
              <g
                role="treeitem"
                aria-label={`${r.error ? "Error span " : ""}${r.service} ${r.name}, ${fmtUs(r.durationUs)}${props.critical.has(r.id) ? ", on the critical path" : ""}`}
                aria-selected={props.selected === r.id}
                tabindex={props.selected === r.id || (!props.selected && r.depth === 0) ? 0 : -1}
                data-error={r.error ? "true" : undefined}
                onClick={() => props.onSelect(r.id)}
                onDblClick={() => props.onZoom(r.id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") props.onSelect(r.id);
                  if (e.key === " ") e.preventDefault(), props.onZoom(r.id);
                }}
              >
                <title>{`${r.service} ${r.name} · ${fmtUs(r.durationUs)}${r.error ? " · ERROR" : ""}${r.orphan ? " · orphan (parent missing)" : ""}`}</title>
                <rect
                  x={x()}
                  y={r.depth * ROW}
                  width={w()}
                  height={ROW - 1}
                  fill={
                    r.error ? "#f85149" : r.id === "__trace__" ? "#8b949e" : `hsl(${serviceHue(r.service)} 55% 62%)`
                  }
                  class={[
                    props.search.trim() && !hit() ? "dim" : "",
                    hit() ? "hit" : "",
                    props.showCritical && props.critical.has(r.id) ? "crit-path" : "",
                    props.selected === r.id ? "sel" : "",
                  ].join(" ")}
                  stroke-dasharray={r.orphan ? "4 2" : undefined}
                />
                <Show when={label()}>
                  <text x={x() + 4} y={r.depth * ROW + 15}>
                    {label()}
                  </text>
                </Show>
              </g>
            );
          }}
        </For>
      </svg>
    </div>
  );
}

import { For, Show } from "solid-js";
import { formatTime } from "../lib/time";
import { Link } from "../ui/Link";
import { cardOf, chipOrder, markerColor, type Hit, type Marker } from "./markers";

const CARD_W = 260;

/** The card of the marker (or alert band) under the pointer or finger: title, source, author, region, reason, link. */
export function MarkerCardView(props: {
  hit: Hit;
  x: number;
  width: number;
  utc: boolean;
  pinned: boolean;
  onClose: () => void;
}) {
  const c = () => cardOf(props.hit);
  // Beside the marker, never over it: to its right when there is room, else to its left.
  const left = () =>
    props.x + 16 + CARD_W <= props.width
      ? props.x + 16
      : Math.max(0, Math.min(props.x - 16 - CARD_W, props.width - CARD_W));
  const rows = () =>
    (
      [
        ["Source", c().source],
        ["Author", c().author],
        ["Region", c().region],
        ["Reason", c().reason],
        ...(c().fields ?? []).map((f) => [f.label, f.value] as [string, string]),
      ] as [string, string | undefined][]
    ).filter(([, v], i, all) => v && all.findIndex(([k]) => k === all[i][0]) === i);
  return (
    <div
      class="marker-card card"
      classList={{ pinned: props.pinned }}
      role="dialog"
      aria-label={`Event: ${c().title}`}
      style={{ left: `${left()}px`, width: `min(${CARD_W}px, 90vw)`, "border-top": `3px solid ${c().color}` }}
    >
      <div class="row" style={{ "justify-content": "space-between", "flex-wrap": "nowrap", "align-items": "start" }}>
        <strong style={{ "overflow-wrap": "anywhere" }}>{c().title}</strong>
        <Show when={props.pinned}>
          <button class="btn ghost marker-close" aria-label="Close event card" onClick={() => props.onClose()}>
            ×
          </button>
        </Show>
      </div>
      <div class="muted" style={{ "font-size": "12px" }}>
        {formatTime(c().when, props.utc)}
        <Show when={c().until !== undefined}>
          {" → "}
          {c().until ? formatTime(c().until!, props.utc) : "still firing"}
        </Show>
      </div>
      <dl class="marker-fields">
        <For each={rows()}>
          {([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </>
          )}
        </For>
      </dl>
      <Show when={c().href}>
        <Link href={c().href!}>{c().hrefLabel ?? "Open"}</Link>
      </Show>
    </div>
  );
}

/** Under the chart: the changes first, then one chip per alert (its transitions grouped). Each opens the card. */
export function MarkerChips(props: { markers: Marker[]; utc: boolean; onOpen: (hit: Hit) => void }) {
  return (
    <ul class="marker-chips" aria-label="Events on this chart">
      <For each={chipOrder(props.markers)}>
        {(chip) => {
          const hit: Hit =
            chip.kind === "line" ? { kind: "line", marker: chip.marker } : { kind: "band", band: chip.band };
          const color = chip.kind === "line" ? markerColor(chip.marker) : chip.band.color;
          const text =
            chip.kind === "line"
              ? `${chip.marker.label} · ${formatTime(chip.marker.time, props.utc, false)}`
              : `${chip.band.label} · ${chip.band.markers.length} event${chip.band.markers.length === 1 ? "" : "s"}`;
          const detail = chip.kind === "line" ? (chip.marker.detail ?? chip.marker.label) : chip.band.label;
          return (
            <li>
              <button
                type="button"
                class="chip marker-chip"
                data-kind={chip.kind === "line" ? (chip.marker.kind ?? "change") : "alert"}
                style={{ "border-color": color }}
                aria-label={detail}
                title={detail}
                onClick={() => props.onOpen(hit)}
              >
                <span class="marker-swatch" style={{ background: color }} />
                {text}
              </button>
            </li>
          );
        }}
      </For>
    </ul>
  );
}

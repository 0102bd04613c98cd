// The annotations of a query (Prometheus' warnings and infos) under the editor. Their text comes from the
// server and quotes the user's query: it is rendered as text only, never as markup or links.
import { For, Show } from "solid-js";

/** Prometheus 2.53 answers infos among the warnings; their prefix tells them apart. */
const isInfo = (s: string) => s.startsWith("PromQL info:");

export function QueryNotes(props: { warnings: readonly string[]; infos: readonly string[] }) {
  const notes = () => [
    ...props.warnings.map((text) => ({ text, info: isInfo(text) })),
    ...props.infos.map((text) => ({ text, info: true })),
  ];
  return (
    <Show when={notes().length > 0}>
      <ul aria-label="Query warnings and infos" style={{ margin: 0, "padding-left": "20px" }}>
        <For each={notes()}>
          {(n) => (
            <li class={n.info ? "muted" : undefined} style={{ "overflow-wrap": "anywhere" }}>
              <strong>{n.info ? "Info" : "Warning"}:</strong> {n.text.replace(/^PromQL (warning|info): /, "")}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

import { For, Show } from "solid-js";
import { changeFields } from "../../api/change-fields";
import { MARKER_COLORS } from "../../charts/markers";
import type { ChangeEventView } from "../../api/changes";
import { formatTime } from "../../lib/time";
import { Chip } from "../../ui/Chip";

/** One change event with every field it carries: what, when, who, where, why, and the raw payload on demand. */
export function ChangeCard(props: { event: ChangeEventView; utc: boolean; fresh?: boolean }) {
  const f = () => changeFields(props.event);
  const e = () => props.event;
  const rows = () =>
    (
      [
        ["Source", e().source],
        ["Type", e().type],
        ["Category", e().category],
        ["Author", f().author],
        ["Service", f().service],
        ["Version", f().version],
        ["Environment", f().environment],
        ["Region", f().region],
        ["Recorded by", e().createdBy],
        ["Recorded at", formatTime(e().createdAt, props.utc)],
      ] as [string, string | undefined][]
    ).filter(([, v]) => v);
  return (
    <li
      class="card change-card"
      classList={{ fresh: !!props.fresh }}
      style={{ "border-left": `4px solid ${MARKER_COLORS[f().kind]}` }}
      aria-label={`${e().title}, ${formatTime(e().happenedAt, props.utc)}`}
    >
      <div class="row" style={{ "justify-content": "space-between" }}>
        <strong style={{ "overflow-wrap": "anywhere" }}>{e().title}</strong>
        <time class="muted" dateTime={new Date(e().happenedAt).toISOString()}>
          {formatTime(e().happenedAt, props.utc)}
        </time>
      </div>
      <Show when={f().reason}>
        <p class="change-reason" aria-label="Reason">
          <span class="muted">Reason: </span>
          {f().reason}
        </p>
      </Show>
      <dl class="change-fields">
        <For each={rows()}>
          {([k, v]) => (
            <div>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          )}
        </For>
      </dl>
      <Show when={f().rest.length}>
        <div class="row" aria-label="Other labels" style={{ gap: "4px" }}>
          <For each={f().rest}>{([k, v]) => <Chip label={`${k}=${v}`} />}</For>
        </div>
      </Show>
      <Show when={e().payload != null}>
        <details>
          <summary class="muted">Payload</summary>
          <pre class="mono change-payload">{JSON.stringify(e().payload, null, 2)}</pre>
        </details>
      </Show>
    </li>
  );
}

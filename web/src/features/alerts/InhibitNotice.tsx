import { For, Show } from "solid-js";
import type { AlertDetail } from "../../api/alerts";
import { Link } from "../../ui/Link";

/** An inhibited alert still fires but pages no one: say which alert holds it, with a link to that alert. */
export function InhibitNotice(props: { detail: AlertDetail }) {
  return (
    <Show when={props.detail.inhibitors.length}>
      <section class="card" aria-label="Inhibited">
        Inhibited by{" "}
        <For each={props.detail.inhibitors}>
          {(s, i) => (
            <>
              {i() > 0 ? ", " : ""}
              <Link href={`/alerts/${encodeURIComponent(s.id)}`}>{s.monitorName}</Link>
              <span class="muted"> ({s.state})</span>
            </>
          )}
        </For>
        : no notification goes out while it fires. <Link href="/muting#inhibition">Inhibition rules</Link>
      </section>
    </Show>
  );
}

import { useQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { listAudit, peopleQueries } from "../api/people";
import { createGlobals } from "../lib/globals";
import { formatTime } from "../lib/time";

/** Who changed this object, and when (the audit log, newest first). */
export function AuditTrail(props: { kind: string; id: string }) {
  const g = createGlobals();
  const q = useQuery(() => ({
    queryKey: peopleQueries.audit(props.kind, props.id),
    queryFn: () => listAudit(props.kind, props.id),
  }));
  return (
    <section class="card stack" aria-label="History">
      <h2 style={{ margin: 0 }}>History</h2>
      <Show when={!q.isError} fallback={<p class="muted">The history could not be loaded.</p>}>
        <ol class="stack" style={{ margin: 0, "padding-left": "1.2em" }}>
          <For each={q.data ?? []} fallback={<p class="muted">No recorded changes.</p>}>
            {(e) => (
              <li>
                <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at, g.utc(), false)}</time> ·{" "}
                {e.actor?.name ?? e.actorId} · {e.summary}
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

import { useQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { ddxQueries, getInvestigation } from "../../api/ddx";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";

/** The investigation the monitor ran when the alert fired (docs/DDX.md): the likely cause with its link, and what
 * each part found. Refetched while the alert fires and nothing is stored yet (it runs after the page). */
export function LikelyCause(props: { alertId: string; firing: boolean; utc: boolean }) {
  const q = useQuery(() => ({
    queryKey: ddxQueries.investigation(props.alertId),
    queryFn: () => getInvestigation(props.alertId),
    refetchInterval: (query) => (props.firing && query.state.data?.investigation === null ? 15_000 : false),
  }));
  // Read only once loaded: reading a pending query's data suspends the whole page (App's Suspense), and with it
  // the alert page's other panels (comments, mutes) mid-interaction.
  const inv = () => (q.isSuccess ? q.data.investigation : undefined);
  return (
    <section class="card" aria-label="Investigation">
      <h2 style={{ "margin-top": 0 }}>Likely cause</h2>
      <Show
        when={inv()}
        fallback={
          <p class="muted">
            {props.firing ? "Investigating: DDx runs in the background when the alert fires." : "No investigation."}
          </p>
        }
      >
        {(i) => (
          <>
            <Show
              when={i().likelyCause}
              fallback={
                <p class="muted">
                  {i().body.metric?.empty ?? i().error ?? "DDx found no value that stands out for this signal."}
                </p>
              }
            >
              {(c) => (
                <>
                  <p style={{ margin: 0, "overflow-wrap": "anywhere" }}>
                    <Link href={c().href}>
                      <strong>{c().text}</strong>
                    </Link>
                  </p>
                  <p class="muted" style={{ margin: "4px 0 0" }}>
                    Divergence {Math.round(c().divergence)}%: {c().reason}
                  </p>
                </>
              )}
            </Show>
            <Show when={i().body.metric?.top.length}>
              <ul aria-label="Metric DDx at fire time" style={{ margin: "8px 0 0", "padding-left": "18px" }}>
                <For each={i().body.metric!.top.slice(0, 3)}>
                  {(r) => (
                    <li style={{ "overflow-wrap": "anywhere" }}>
                      <code>
                        {r.label}={r.value}
                      </code>{" "}
                      <span class="muted">
                        {Math.round(r.divergence)}% · {r.kind}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={i().body.traces?.top.length}>
              <p class="muted" style={{ margin: "8px 0 0", "overflow-wrap": "anywhere" }}>
                On {i().body.traces!.service}'s error spans:{" "}
                {i()
                  .body.traces!.top.slice(0, 3)
                  .map((t) => `${t.key}=${t.value}`)
                  .join(", ")}
              </p>
            </Show>
            <p class="muted" style={{ margin: "8px 0 0" }}>
              Investigated {formatTime(i().finishedAt, props.utc)}
              <Show when={i().status !== "done"}>
                {" "}
                ({i().status}: {i().error})
              </Show>
            </p>
          </>
        )}
      </Show>
    </section>
  );
}

/** One line for a wall tile: the likely cause once the investigation named one (polled while the alert fires). */
export function LikelyCauseLine(props: { alertId: string; firing: boolean; class?: string }) {
  const q = useQuery(() => ({
    queryKey: ddxQueries.investigation(props.alertId),
    queryFn: () => getInvestigation(props.alertId),
    refetchInterval: (query) => (props.firing && query.state.data?.investigation === null ? 15_000 : false),
  }));
  const cause = () => (q.isSuccess ? q.data.investigation?.likelyCause : undefined);
  return (
    <Show when={cause()}>
      {(c) => (
        <div class={props.class} aria-label="Likely cause">
          Likely cause: {c().text}
        </div>
      )}
    </Show>
  );
}

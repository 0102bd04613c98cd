import { useQuery } from "@tanstack/solid-query";
import { For, Match, Switch } from "solid-js";
import { getSharedNotebook, notebookQueries } from "../../api/notebooks";
import { formatTime } from "../../lib/time";
import { ErrorState, Loading } from "../../ui/State";
import { CellBody } from "./CellBody";

/** `/share/notebooks/<secret>`: read-only, no token, no controls. */
export default function SharedNotebookPage(props: { params: Record<string, string> }) {
  const secret = () => props.params.secret;
  const nb = useQuery(() => ({
    queryKey: notebookQueries.shared(secret()),
    queryFn: () => getSharedNotebook(secret()),
    retry: false,
  }));
  return (
    <main class="content" style={{ "max-width": "960px", margin: "0 auto" }}>
      <Switch>
        <Match when={nb.isError}>
          <ErrorState title="This shared notebook is not available" error={nb.error} />
        </Match>
        <Match when={nb.isPending}>
          <Loading what="notebook" />
        </Match>
        <Match when={nb.data}>
          {(d) => (
            <article class="stack">
              <p class="muted" role="note">
                Read-only shared notebook · updated {formatTime(d().updatedAt, true, false)}
              </p>
              <h1>{d().title}</h1>
              <For each={d().cells}>
                {(c) => (
                  <section class="card" aria-label={`${c.type} cell`}>
                    <CellBody cell={c} utc={true} readOnly />
                  </section>
                )}
              </For>
            </article>
          )}
        </Match>
      </Switch>
    </main>
  );
}

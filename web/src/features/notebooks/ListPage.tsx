import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Switch } from "solid-js";
import { createNotebook, listNotebooks, notebookQueries } from "../../api/notebooks";
import { createGlobals } from "../../lib/globals";
import { navigate } from "../../lib/router";
import { formatTime } from "../../lib/time";
import { withGlobals } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";

export default function NotebooksPage() {
  const g = createGlobals();
  const [title, setTitle] = createSignal("");
  const list = useQuery(() => ({ queryKey: notebookQueries.list(), queryFn: listNotebooks }));
  const qc = useQueryClient();
  const create = useMutation(() => ({
    mutationFn: (t: string) => createNotebook(t),
    onSuccess: (nb) => {
      void qc.invalidateQueries({ queryKey: notebookQueries.all });
      navigate(withGlobals(`/notebooks/${nb.id}`, location.search));
    },
  }));
  return (
    <section class="stack">
      <h1>Notebooks</h1>
      <form class="row" onSubmit={(e) => (e.preventDefault(), title().trim() && create.mutate(title().trim()))}>
        <label class="field" style={{ flex: 1 }}>
          New notebook title
          <input
            value={title()}
            onInput={(e) => setTitle(e.currentTarget.value)}
            placeholder="2 AM Checkout Incident"
          />
        </label>
        <button class="btn primary" type="submit" disabled={create.isPending}>
          Create notebook
        </button>
      </form>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="notebooks" />
        </Match>
        <Match when={list.data!.length === 0}>
          <Empty title="No notebooks yet">
            <p>Create one above, or use "Add to notebook" on an alert, a chart, a DDx result or a log line.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul class="stack" style={{ "list-style": "none", padding: 0, gap: "8px" }} aria-label="Notebooks">
            <For each={list.data}>
              {(nb) => (
                <li class="card row" style={{ "justify-content": "space-between" }}>
                  <Link href={`/notebooks/${nb.id}`}>{nb.title}</Link>
                  <span class="muted">
                    {nb.cellCount} cells · {formatTime(nb.updatedAt, g.utc(), false)}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}

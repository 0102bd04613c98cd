import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { deleteInhibitRule, inhibitQueries, listInhibitRules } from "../../api/inhibit";
import { Chip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { InhibitForm } from "./InhibitForm";

const chip = (m: { name: string; op: string; value: string }) => `${m.name}${m.op}${m.value}`;

/** Inhibition rules (Alertmanager semantics) beside the muting rules: what holds what, and what it holds now. */
export function InhibitRules() {
  const [creating, setCreating] = createSignal(false);
  const qc = useQueryClient();
  const list = useQuery(() => ({ queryKey: inhibitQueries.all, queryFn: listInhibitRules, refetchInterval: 60_000 }));
  const remove = useMutation(() => ({
    mutationFn: deleteInhibitRule,
    onSuccess: () => qc.invalidateQueries({ queryKey: inhibitQueries.all }),
  }));
  return (
    <section class="stack" id="inhibition" aria-label="Inhibition rules">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h2 style={{ margin: 0 }}>Inhibition rules</h2>
        <button class="btn" onClick={() => setCreating(true)}>
          New inhibition rule
        </button>
      </div>
      <p class="muted" style={{ margin: 0 }}>
        While a source alert fires, matching target alerts still fire but send no notification.
      </p>
      <Show when={creating()}>
        <InhibitForm onDone={() => setCreating(false)} />
      </Show>
      <Show when={remove.error}>
        <ErrorState error={remove.error} />
      </Show>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="inhibition rules" />
        </Match>
        <Match when={(list.data ?? []).length === 0}>
          <Empty title="No inhibition rules" />
        </Match>
        <Match when={true}>
          <ul class="stack" style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}>
            <For each={list.data}>
              {(r) => (
                <li class="card stack" style={{ gap: "6px" }} aria-label={r.name}>
                  <strong>{r.name}</strong>
                  <div class="row" style={{ "flex-wrap": "wrap" }}>
                    <span>While</span>
                    <For each={r.sourceMatchers}>{(m) => <Chip label={chip(m)} />}</For>
                    <span>fires, hold</span>
                    <For each={r.targetMatchers}>{(m) => <Chip label={chip(m)} />}</For>
                    <Show when={r.equal.length}>
                      <span>with equal {r.equal.join(", ")}</span>
                    </Show>
                  </div>
                  <div class="muted">
                    by @{r.createdBy}
                    <Show when={r.comment}> · {r.comment}</Show>
                  </div>
                  <Show when={r.holding?.length}>
                    <div aria-label="Holds back">
                      Holds back:{" "}
                      <For each={r.holding}>
                        {(a) => (
                          <Link href={`/alerts/${encodeURIComponent(a.id)}`} style={{ "margin-right": "8px" }}>
                            {a.monitorName}
                          </Link>
                        )}
                      </For>
                    </div>
                  </Show>
                  <div class="row">
                    <button
                      class="btn danger"
                      onClick={() => confirm(`Delete inhibition rule “${r.name}”?`) && remove.mutate(r.id)}
                    >
                      Delete
                    </button>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}

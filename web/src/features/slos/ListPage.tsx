import { useQuery } from "@tanstack/solid-query";
import { For, Match, Show, Switch } from "solid-js";
import type { SloDef } from "../../../../core/contracts/slos";
import { listTeams, peopleQueries } from "../../api/people";
import { listSlos, sloQueries, sloStatus } from "../../api/slos";
import { createGlobals } from "../../lib/globals";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { budgetTone, burn, pct } from "./form";

function Row(props: { slo: SloDef }) {
  const st = useQuery(() => ({
    queryKey: sloQueries.status(props.slo.id),
    queryFn: () => sloStatus(props.slo.id),
    refetchInterval: 60_000,
  }));
  const remaining = () => st.data?.budgetRemaining ?? null;
  const hour = () => st.data?.burn.find((b) => b.window === "1h")?.burnRate ?? null;
  return (
    <li class="card stack" style={{ gap: "4px" }}>
      <div class="row" style={{ "justify-content": "space-between" }}>
        <Link href={`/slos/${props.slo.id}`}>
          <strong>{props.slo.name}</strong>
        </Link>
        <Show when={st.data} fallback={<span class="chip">{st.isError ? "figures unavailable" : "…"}</span>}>
          <span
            class={`chip budget-${budgetTone(remaining())}`}
            aria-label={`Error budget remaining: ${pct(remaining(), 1)}`}
          >
            budget {pct(remaining(), 1)}
          </span>
        </Show>
      </div>
      <div class="row muted">
        <span>
          objective {pct(props.slo.objective, 3)} over {props.slo.window}
        </span>
        <Show when={st.data}>
          <span>SLI {pct(st.data!.sli, 3)}</span>
          <span>burn 1h {burn(hour())}</span>
        </Show>
        <Show when={props.slo.groupBy.length}>
          <span>by {props.slo.groupBy.join(", ")}</span>
        </Show>
        <span>{props.slo.collection ? `${props.slo.collection} · ` : ""}</span>
      </div>
    </li>
  );
}

export default function SlosListPage() {
  const g = createGlobals();
  const team = () => g.params().get("team") ?? "";
  const list = useQuery(() => ({ queryKey: sloQueries.list(team()), queryFn: () => listSlos(team()) }));
  const teams = useQuery(() => ({ queryKey: peopleQueries.teams(), queryFn: () => listTeams() }));
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>SLOs</h1>
        <Link class="btn primary" href="/slos/new">
          New SLO
        </Link>
      </div>
      <label class="field">
        Team
        <select value={team()} onChange={(e) => setSearch({ team: e.currentTarget.value || null })}>
          <option value="">All teams</option>
          <option value="mine">My teams</option>
          <For each={teams.data ?? []}>{(t) => <option value={t.id}>{t.name}</option>}</For>
        </select>
      </label>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="SLOs" />
        </Match>
        <Match when={(list.data ?? []).length === 0}>
          <Empty title={team() ? "No SLO for this team" : "No SLOs yet"}>
            <p>
              An SLO states how reliable a service must be (say 99.5 % of checkout requests without a server error over
              30 days). Vigil tracks its error budget and pages when the budget burns too fast.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul class="stack" aria-label="SLOs" style={{ "list-style": "none", padding: 0, margin: 0 }}>
            <For each={list.data}>{(s) => <Row slo={s} />}</For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { createTeam, listTeams, peopleQueries } from "../../api/people";
import { me } from "../../api/session";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";

export default function TeamsListPage() {
  const qc = useQueryClient();
  const teams = useQuery(() => ({ queryKey: peopleQueries.teams(), queryFn: () => listTeams() }));
  const mine = () => new Set((me()?.teams ?? []).map((t) => t.id));
  const [name, setName] = createSignal("");
  const create = useMutation(() => ({
    mutationFn: () => createTeam(name().trim(), ""),
    onSuccess: () => (setName(""), qc.invalidateQueries({ queryKey: ["teams"] })),
  }));
  return (
    <section class="stack">
      <h1 style={{ margin: 0 }}>Teams</h1>
      <Switch>
        <Match when={teams.isError}>
          <ErrorState error={teams.error} retry={() => teams.refetch()} />
        </Match>
        <Match when={teams.isPending}>
          <Loading what="teams" />
        </Match>
        <Match when={(teams.data ?? []).length === 0}>
          <Empty title="No teams yet">
            <p>Admins create teams; monitors, dashboards and notebooks then belong to one.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul class="stack" aria-label="Teams" style={{ "list-style": "none", padding: 0, margin: 0 }}>
            <For each={teams.data}>
              {(t) => (
                <li class="card row" style={{ "justify-content": "space-between" }}>
                  <Link href={`/teams/${t.slug}`}>
                    <strong>{t.name}</strong> <span class="muted">@{t.slug}</span>
                  </Link>
                  <span class="muted">
                    {t.memberCount} member{t.memberCount === 1 ? "" : "s"}
                    {mine().has(t.id) ? " · your team" : ""}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
      <Show when={me()?.scopes.includes("admin")}>
        <form
          class="card row"
          aria-label="New team"
          onSubmit={(e) => (e.preventDefault(), name().trim() && create.mutate())}
        >
          <label class="field" style={{ flex: 1 }}>
            New team
            <input value={name()} onInput={(e) => setName(e.currentTarget.value)} placeholder="Payments" />
          </label>
          <button class="btn primary" type="submit" disabled={create.isPending}>
            Create team
          </button>
        </form>
        <Show when={create.error}>
          <ErrorState error={create.error} />
        </Show>
      </Show>
    </section>
  );
}

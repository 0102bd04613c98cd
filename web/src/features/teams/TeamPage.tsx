import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { roles } from "../../../../core/contracts/auth";
import { addMember, getTeam, peopleQueries, removeMember, setMemberRole } from "../../api/people";
import { me } from "../../api/session";
import { AuditTrail } from "../../ui/AuditTrail";
import { ErrorState, Loading } from "../../ui/State";

export default function TeamPage(props: { params: Record<string, string> }) {
  const qc = useQueryClient();
  const ref = () => props.params.id;
  const team = useQuery(() => ({ queryKey: peopleQueries.team(ref()), queryFn: () => getTeam(ref()) }));
  const canAdmin = () =>
    !!me()?.scopes.includes("admin") || me()?.teams?.some((t) => t.id === team.data?.id && t.role === "admin");
  const refresh = () => qc.invalidateQueries({ queryKey: ["teams"] });
  const [user, setUser] = createSignal("");
  const [role, setRole] = createSignal("responder");
  const add = useMutation(() => ({
    mutationFn: () => addMember(ref(), user().trim(), role()),
    onSuccess: () => (setUser(""), refresh()),
  }));
  const change = useMutation(() => ({
    mutationFn: (v: { user: string; role: string }) => setMemberRole(ref(), v.user, v.role),
    onSuccess: refresh,
  }));
  const remove = useMutation(() => ({ mutationFn: (u: string) => removeMember(ref(), u), onSuccess: refresh }));
  return (
    <Switch>
      <Match when={team.isError}>
        <ErrorState error={team.error} retry={() => team.refetch()} />
      </Match>
      <Match when={team.isPending}>
        <Loading what="team" />
      </Match>
      <Match when={team.data}>
        {(t) => (
          <section class="stack">
            <h1 style={{ margin: 0 }}>
              {t().name} <span class="muted">@{t().slug}</span>
            </h1>
            <Show when={t().description}>
              <p>{t().description}</p>
            </Show>
            <section class="card stack" aria-label="Members">
              <h2 style={{ margin: 0 }}>Members</h2>
              <For each={t().members} fallback={<p class="muted">No members yet.</p>}>
                {(m) => (
                  <div class="row" style={{ "justify-content": "space-between" }}>
                    <span>
                      {m.name} <span class="muted">@{m.handle}</span>
                      {m.source === "groups" ? <span class="muted"> · from the provider's groups</span> : null}
                    </span>
                    <Show when={canAdmin()} fallback={<span class="chip">{m.role}</span>}>
                      <span class="row">
                        <select
                          aria-label={`Role of ${m.name}`}
                          value={m.role}
                          onChange={(e) => change.mutate({ user: m.id, role: e.currentTarget.value })}
                        >
                          <For each={roles}>{(r) => <option value={r}>{r}</option>}</For>
                        </select>
                        <button class="btn ghost" onClick={() => remove.mutate(m.id)}>
                          Remove
                        </button>
                      </span>
                    </Show>
                  </div>
                )}
              </For>
              <Show when={canAdmin()}>
                <form class="row" onSubmit={(e) => (e.preventDefault(), user().trim() && add.mutate())}>
                  <label class="field" style={{ flex: 1 }}>
                    Add a person (@handle or email)
                    <input value={user()} onInput={(e) => setUser(e.currentTarget.value)} />
                  </label>
                  <select aria-label="Role" value={role()} onChange={(e) => setRole(e.currentTarget.value)}>
                    <For each={roles}>{(r) => <option value={r}>{r}</option>}</For>
                  </select>
                  <button class="btn primary" type="submit">
                    Add
                  </button>
                </form>
              </Show>
              <Show when={add.error ?? change.error ?? remove.error}>{(e) => <ErrorState error={e()} />}</Show>
            </section>
            <AuditTrail kind="team" id={t().id} />
          </section>
        )}
      </Match>
    </Switch>
  );
}

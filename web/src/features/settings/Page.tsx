import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { listSessions, peopleQueries, revokeSession, updateProfile } from "../../api/people";
import { browserTimeZone, loadMe, me } from "../../api/session";
import { createGlobals } from "../../lib/globals";
import { formatTime } from "../../lib/time";
import { ErrorState } from "../../ui/State";
import { ChannelPaging } from "./Channels";
import { PushDevices } from "./PushDevices";

const zones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return [];
  }
})();

/** Your profile (name, handle, avatar, time zone, UTC display) and where you are signed in. */
export default function SettingsPage() {
  const g = createGlobals();
  const qc = useQueryClient();
  const u = () => me()?.user;
  const [name, setName] = createSignal(u()?.name ?? "");
  const [handle, setHandle] = createSignal(u()?.handle ?? "");
  const [avatar, setAvatar] = createSignal(u()?.avatarUrl ?? "");
  const [zone, setZone] = createSignal(u()?.timeZone ?? browserTimeZone());
  const [utc, setUtc] = createSignal(u()?.timeDisplay === "utc");
  const [saved, setSaved] = createSignal(false);
  const save = useMutation(() => ({
    mutationFn: () =>
      updateProfile({
        name: name().trim(),
        handle: handle().trim(),
        avatarUrl: avatar().trim() || null,
        timeZone: zone().trim(),
        timeDisplay: utc() ? "utc" : "zone",
      }),
    onSuccess: async () => {
      setSaved(true);
      await loadMe();
    },
  }));
  const sessions = useQuery(() => ({
    queryKey: peopleQueries.sessions(),
    queryFn: listSessions,
    enabled: me()?.kind === "session",
  }));
  const revoke = useMutation(() => ({
    mutationFn: revokeSession,
    onSuccess: () => qc.invalidateQueries({ queryKey: peopleQueries.sessions() }),
  }));
  return (
    <section class="stack" style={{ "max-width": "640px" }}>
      <h1 style={{ margin: 0 }}>Settings</h1>
      <form
        class="card stack"
        aria-label="Profile"
        onSubmit={(e) => (e.preventDefault(), setSaved(false), save.mutate())}
      >
        <h2 style={{ margin: 0 }}>Profile</h2>
        <label class="field">
          Name
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} maxLength={100} />
        </label>
        <label class="field">
          Handle (others mention you as @{handle() || "…"})
          <input value={handle()} onInput={(e) => setHandle(e.currentTarget.value)} maxLength={40} />
        </label>
        <label class="field">
          Avatar URL
          <input value={avatar()} onInput={(e) => setAvatar(e.currentTarget.value)} placeholder="https://…" />
        </label>
        <label class="field">
          Time zone
          <input list="tz-list" value={zone()} onInput={(e) => setZone(e.currentTarget.value)} />
          <datalist id="tz-list">
            <For each={zones}>{(z) => <option value={z} />}</For>
          </datalist>
        </label>
        <label class="row">
          <input type="checkbox" checked={utc()} onChange={(e) => setUtc(e.currentTarget.checked)} /> Show every time in
          UTC
        </label>
        <p class="muted">
          Now it is {formatTime(Date.now(), utc(), false, zone())} {utc() ? "" : `in ${zone()}`}.
        </p>
        <Show when={save.error}>
          <ErrorState error={save.error} />
        </Show>
        <Show when={saved()}>
          <div role="status">Saved.</div>
        </Show>
        <button class="btn primary" type="submit" disabled={save.isPending}>
          Save profile
        </button>
      </form>
      <PushDevices utc={g.utc()} />
      <ChannelPaging />
      <Show when={me()?.kind === "session"}>
        <section class="card stack" aria-label="Sessions">
          <h2 style={{ margin: 0 }}>Where you are signed in</h2>
          <For each={sessions.data ?? []}>
            {(s) => (
              <div class="row" style={{ "justify-content": "space-between" }}>
                <span>
                  {s.method === "oidc"
                    ? "Identity provider"
                    : s.method === "access"
                      ? "Cloudflare Access"
                      : "Sign-in link"}{" "}
                  · since {formatTime(s.createdAt, g.utc(), false)} · {s.userAgent?.slice(0, 60) ?? "unknown browser"}
                  {s.current ? " (this browser)" : ""}
                </span>
                <button class="btn" onClick={() => revoke.mutate(s.id)}>
                  Sign out
                </button>
              </div>
            )}
          </For>
        </section>
      </Show>
    </section>
  );
}

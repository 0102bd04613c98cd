import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, on, Show } from "solid-js";
import type { PushPreferences } from "../../../../core/contracts/push";
import { updateProfile } from "../../api/people";
import { getPushPreferences, pushQueries, savePushPreferences } from "../../api/push";
import { browserTimeZone, loadMe, me } from "../../api/session";
import { ErrorState, Loading } from "../../ui/State";
import { checkPreferences, formOf, type PreferencesForm } from "./push-devices";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The zone quiet hours are read in is the person's profile zone: one the person chose stays, else this browser's. */
function initialZone(): string {
  const u = me()?.user;
  return u && u.timeZoneSource === "user" ? u.timeZone : browserTimeZone();
}

/** Which severities page this person, and quiet hours in their own time zone (critical pages still come through). */
export function PushPreferencesForm() {
  const qc = useQueryClient();
  const prefs = useQuery(() => ({ queryKey: pushQueries.preferences(), queryFn: getPushPreferences }));
  const [form, setForm] = createSignal<PreferencesForm | null>(null);
  const [zone, setZone] = createSignal(initialZone());
  const [fieldError, setFieldError] = createSignal<{ field: "start" | "end" | "zone"; error: string } | null>(null);
  const [saved, setSaved] = createSignal(false);
  // The server's answer fills the form once; after that the form is the person's (a refetch never wipes typing).
  createEffect(
    on(
      () => prefs.data,
      (p) => p && form() === null && setForm(formOf(p)),
    ),
  );
  const set = <K extends keyof PreferencesForm>(k: K, v: PreferencesForm[K]) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, [k]: v } : f));
  };
  const save = useMutation(() => ({
    mutationFn: async (value: PushPreferences) => {
      if (value.quietHours && zone().trim() !== me()?.user?.timeZone) {
        try {
          await updateProfile({ timeZone: zone().trim() });
        } catch (e) {
          setFieldError({ field: "zone", error: message(e) });
          throw e;
        }
        await loadMe();
      }
      return savePushPreferences(value);
    },
    onSuccess: (p) => {
      setSaved(true);
      setForm(formOf(p));
      qc.setQueryData(pushQueries.preferences(), p);
    },
  }));
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    setFieldError(null);
    const f = form();
    if (!f) return;
    const r = checkPreferences(f);
    if (!r.ok) return setFieldError({ field: r.field, error: r.error });
    save.mutate(r.value);
  };
  const errorOf = (field: "start" | "end" | "zone") =>
    fieldError()?.field === field ? fieldError()!.error : undefined;
  return (
    <Show
      when={form()}
      fallback={
        <Show when={prefs.isError} fallback={<Loading what="your notification preferences" />}>
          <ErrorState error={prefs.error} retry={() => prefs.refetch()} title="Your preferences did not load" />
        </Show>
      }
    >
      {(f) => (
        <form class="stack" aria-label="When to page you" onSubmit={submit} noValidate>
          <h3 style={{ margin: 0 }}>When to page you</h3>
          <fieldset class="row push-fieldset">
            <legend class="muted">Alerts that page you</legend>
            <label class="row" style={{ gap: "6px" }}>
              <input
                type="checkbox"
                checked={f().critical}
                onChange={(e) => set("critical", e.currentTarget.checked)}
              />
              Critical
            </label>
            <label class="row" style={{ gap: "6px" }}>
              <input type="checkbox" checked={f().warning} onChange={(e) => set("warning", e.currentTarget.checked)} />
              Warning
            </label>
          </fieldset>
          <label class="push-check">
            <input type="checkbox" checked={f().quiet} onChange={(e) => set("quiet", e.currentTarget.checked)} />
            <span>Quiet hours (critical pages still come through)</span>
          </label>
          <Show when={f().quiet}>
            <div class="push-quiet">
              <label class="field">
                From
                <input
                  value={f().start}
                  onInput={(e) => set("start", e.currentTarget.value)}
                  placeholder="22:00"
                  inputMode="text"
                  aria-invalid={errorOf("start") ? "true" : undefined}
                  aria-describedby="quiet-start-error"
                />
              </label>
              <label class="field">
                To
                <input
                  value={f().end}
                  onInput={(e) => set("end", e.currentTarget.value)}
                  placeholder="07:00"
                  aria-invalid={errorOf("end") ? "true" : undefined}
                  aria-describedby="quiet-end-error"
                />
              </label>
              <label class="field">
                In time zone
                <input
                  value={zone()}
                  onInput={(e) => (setSaved(false), setZone(e.currentTarget.value))}
                  aria-invalid={errorOf("zone") ? "true" : undefined}
                  aria-describedby="quiet-zone-error"
                />
              </label>
            </div>
            <QuietErrors errors={[errorOf("start"), errorOf("end"), errorOf("zone")]} />
          </Show>
          <Show when={save.error && !fieldError()}>
            <p class="field-error" role="alert" style={{ margin: 0 }}>
              Not saved: {message(save.error)}
            </p>
          </Show>
          <Show when={saved()}>
            <p role="status" style={{ margin: 0 }}>
              Preferences saved.
            </p>
          </Show>
          <div class="row">
            <button class="btn primary" type="submit" disabled={save.isPending}>
              Save preferences
            </button>
          </div>
        </form>
      )}
    </Show>
  );
}

/** The quiet-hours errors under their row, each with the id its input points at. */
function QuietErrors(props: { errors: (string | undefined)[] }) {
  const ids = ["quiet-start-error", "quiet-end-error", "quiet-zone-error"];
  return (
    <>
      {ids.map((id, i) => (
        <Show when={props.errors[i]}>
          <p id={id} class="field-error" role="alert" style={{ margin: 0 }}>
            {props.errors[i]}
          </p>
        </Show>
      ))}
    </>
  );
}

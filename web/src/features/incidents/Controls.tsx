import { useMutation, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, type IncidentPatch } from "../../../../core/contracts/incidents";
import { commentOnIncident, type IncidentDetail, incidentQueries, patchIncident } from "../../api/incidents";
import { draft } from "../../lib/drafts";
import { ErrorState } from "../../ui/State";

/** Status (with a note), severity, commander and comments: each change lands on the timeline. */
export function Controls(props: { detail: IncidentDetail }) {
  const inc = () => props.detail.incident;
  const qc = useQueryClient();
  const [note, setNote] = createSignal("");
  const [commander, setCommander] = createSignal("");
  const [comment, setComment] = draft(() => `incident-comment:${inc().id}`);
  const done = () => qc.invalidateQueries({ queryKey: incidentQueries.all });
  const change = useMutation(() => ({
    mutationFn: (p: IncidentPatch) => patchIncident(inc().id, p),
    onSuccess: () => (setNote(""), setCommander(""), done()),
  }));
  const post = useMutation(() => ({
    mutationFn: () => commentOnIncident(inc().id, comment()),
    onSuccess: () => (setComment(""), done()),
  }));
  return (
    <section class="card stack" aria-label="Update incident">
      <div class="row" style={{ "flex-wrap": "wrap", "align-items": "flex-end" }}>
        <label class="field">
          Status
          <select
            value={inc().status}
            onChange={(e) =>
              change.mutate({
                status: e.currentTarget.value as IncidentPatch["status"],
                ...(note().trim() ? { note: note().trim() } : {}),
              })
            }
          >
            <For each={INCIDENT_STATUSES}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <label class="field" style={{ flex: 1, "min-width": "14ch" }}>
          Note with the status change
          <input value={note()} onInput={(e) => setNote(e.currentTarget.value)} placeholder="Rolled back v42" />
        </label>
        <label class="field">
          Severity
          <select
            value={inc().severity}
            onChange={(e) => change.mutate({ severity: e.currentTarget.value as IncidentPatch["severity"] })}
          >
            <For each={INCIDENT_SEVERITIES}>{(s) => <option value={s}>{s.toUpperCase()}</option>}</For>
          </select>
        </label>
      </div>
      <form
        class="row"
        style={{ "flex-wrap": "wrap", "align-items": "flex-end" }}
        onSubmit={(e) => (e.preventDefault(), commander().trim() && change.mutate({ commander: commander().trim() }))}
      >
        <label class="field" style={{ flex: 1, "min-width": "14ch" }}>
          Commander (@handle or email)
          <input
            value={commander()}
            onInput={(e) => setCommander(e.currentTarget.value)}
            placeholder={inc().commander ? `@${inc().commander!.handle}` : "@alice"}
          />
        </label>
        <button class="btn" type="submit">
          Set commander
        </button>
      </form>
      <form class="stack" onSubmit={(e) => (e.preventDefault(), comment().trim() && post.mutate())}>
        <label class="field">
          Comment
          <textarea rows={2} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
        </label>
        <div class="row">
          <button class="btn primary" type="submit" disabled={post.isPending}>
            Post comment
          </button>
        </div>
      </form>
      <Show when={change.error ?? post.error}>
        <ErrorState error={change.error ?? post.error} />
      </Show>
    </section>
  );
}

import { useMutation, useQueryClient } from "@tanstack/solid-query";
import { createSignal, Show } from "solid-js";
import { acknowledgeIncident, type IncidentDetail, incidentQueries, startPostmortem } from "../../api/incidents";
import { navigate } from "../../lib/router";
import { withGlobals } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { ErrorState } from "../../ui/State";

/**
 * What a responder does to the whole incident: acknowledge its firing alerts (with a comment), and start the
 * postmortem notebook (or open the one started).
 */
export function Actions(props: { detail: IncidentDetail }) {
  const inc = () => props.detail.incident;
  const qc = useQueryClient();
  const [comment, setComment] = createSignal("");
  const [said, setSaid] = createSignal("");
  const unacked = () => props.detail.alerts.filter((a) => a.state === "firing" && !a.ack).length;
  const ack = useMutation(() => ({
    mutationFn: () => acknowledgeIncident(inc().id, comment().trim()),
    onSuccess: (r) => {
      setComment("");
      const n = r.acknowledged.length;
      const skipped = r.skipped.map((s) => s.reason).join("; ");
      setSaid(`${n} alert${n === 1 ? "" : "s"} acknowledged${skipped ? `. Not acknowledged: ${skipped}` : ""}`);
      void qc.invalidateQueries({ queryKey: incidentQueries.all });
    },
  }));
  const postmortem = useMutation(() => ({
    mutationFn: () => startPostmortem(inc().id),
    onSuccess: (r) => navigate(withGlobals(`/notebooks/${r.notebookId}`, location.search)),
  }));
  return (
    <section class="card stack" aria-label="Incident actions">
      <form
        class="row"
        style={{ "flex-wrap": "wrap", "align-items": "flex-end" }}
        onSubmit={(e) => (e.preventDefault(), ack.mutate())}
      >
        <label class="field" style={{ flex: 1, "min-width": "14ch" }}>
          Acknowledge with a comment (optional)
          <input value={comment()} onInput={(e) => setComment(e.currentTarget.value)} placeholder="On it" />
        </label>
        <button class="btn primary" type="submit" disabled={ack.isPending || unacked() === 0}>
          {unacked() === 0 ? "All acknowledged" : `Acknowledge ${unacked()} firing`}
        </button>
      </form>
      <Show when={said()}>
        <p role="status" class="muted" style={{ margin: 0 }}>
          {said()}
        </p>
      </Show>
      <div class="row" style={{ "flex-wrap": "wrap" }}>
        <Show
          when={props.detail.postmortem}
          fallback={
            <button class="btn" type="button" disabled={postmortem.isPending} onClick={() => postmortem.mutate()}>
              Start postmortem
            </button>
          }
        >
          {(id) => <Link href={`/notebooks/${id()}`}>Open the postmortem notebook</Link>}
        </Show>
        <span class="muted">A notebook with the summary, the timeline and the alerts, exported as Markdown.</span>
      </div>
      <Show when={ack.error ?? postmortem.error}>
        <ErrorState error={ack.error ?? postmortem.error} />
      </Show>
    </section>
  );
}

import { useMutation, useQueryClient } from "@tanstack/solid-query";
import { createSignal, Show } from "solid-js";
import { acknowledgeAlert, unacknowledgeAlert } from "../../api/acks";
import type { Alert } from "../../api/alerts";
import { alertQueries } from "../../api/queries";
import { formatTime } from "../../lib/time";
import { ErrorState } from "../../ui/State";

const OPEN = new Set(["firing", "nodata"]);

/** Acknowledge a firing alert with an optional comment, or withdraw it; shows who and when. */
export function AckPanel(props: { alert: Alert; utc: boolean }) {
  const qc = useQueryClient();
  const [comment, setComment] = createSignal("");
  const done = () => {
    setComment("");
    void qc.invalidateQueries({ queryKey: alertQueries.all });
  };
  const ack = useMutation(() => ({
    mutationFn: () => acknowledgeAlert(props.alert.id, { comment: comment().trim() }),
    onSuccess: done,
  }));
  const unack = useMutation(() => ({ mutationFn: () => unacknowledgeAlert(props.alert.id), onSuccess: done }));
  return (
    <section class="card stack" aria-label="Acknowledgement" style={{ gap: "8px" }}>
      <Show
        when={props.alert.ack}
        fallback={
          <Show
            when={OPEN.has(props.alert.state)}
            fallback={
              <p class="muted" style={{ margin: 0 }}>
                Only a firing alert can be acknowledged.
              </p>
            }
          >
            <form class="row" onSubmit={(e) => (e.preventDefault(), ack.mutate())} style={{ "align-items": "end" }}>
              <label class="field" style={{ flex: 1, "min-width": "200px" }}>
                Comment (optional)
                <input
                  value={comment()}
                  maxLength={2000}
                  placeholder="On it: rolling back v3.41.0"
                  onInput={(e) => setComment(e.currentTarget.value)}
                />
              </label>
              <button class="btn primary" type="submit" disabled={ack.isPending}>
                Acknowledge
              </button>
            </form>
          </Show>
        }
      >
        {(a) => (
          <div class="row" style={{ "justify-content": "space-between" }}>
            <div>
              <strong>Acknowledged</strong> by {a().by.name} (@{a().by.handle}) at {formatTime(a().at, props.utc)}
              <Show when={a().comment}>
                <div class="muted" data-testid="ack-comment">
                  “{a().comment}”
                </div>
              </Show>
              <div class="muted">Repeats are held until it resolves or its severity rises.</div>
            </div>
            <button class="btn" type="button" disabled={unack.isPending} onClick={() => unack.mutate()}>
              Un-acknowledge
            </button>
          </div>
        )}
      </Show>
      <Show when={ack.error ?? unack.error}>{(e) => <ErrorState error={e()} />}</Show>
    </section>
  );
}

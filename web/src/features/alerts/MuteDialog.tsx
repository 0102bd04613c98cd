import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { createMute, previewMute } from "../../api/alerts";
import { alertQueries, muteQueries } from "../../api/queries";
import { parseScope } from "../../lib/scope";
import { Chip } from "../../ui/Chip";
import { ErrorState } from "../../ui/State";
import { RecurringFields } from "../muting/RecurringFields";
import type { TimeIntervalSpec } from "../muting/recurrence";

export interface MutePrefill {
  monitorId?: string | null;
  monitorName?: string;
  labels?: Record<string, string>;
}

/** Create a muting rule with a live preview of exactly which alerts it silences, before saving. */
export function MuteDialog(props: { prefill: MutePrefill; onClose: () => void }) {
  const [onlyMonitor, setOnlyMonitor] = createSignal(!!props.prefill.monitorId);
  const [matchers, setMatchers] = createSignal(
    Object.entries(props.prefill.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(", "),
  );
  const [duration, setDuration] = createSignal("1h");
  const [comment, setComment] = createSignal("");
  const [windows, setWindows] = createSignal<TimeIntervalSpec[] | null>(null);
  const body = createMemo(() => ({
    monitorId: onlyMonitor() ? (props.prefill.monitorId ?? null) : null,
    matchers: parseScope(
      matchers()
        .split(",")
        .map((s) => s.trim()),
    ).map((c) => ({ name: c.key, op: "=", value: c.value })),
    duration: duration(),
    comment: comment(),
    ...(windows() ? { timeIntervals: windows() } : {}),
  }));
  const preview = useQuery(() => ({
    queryKey: ["mute-preview", body()],
    queryFn: () => previewMute(body()),
    retry: false,
  }));
  const qc = useQueryClient();
  const save = useMutation(() => ({
    mutationFn: () => createMute(body()),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: muteQueries.all });
      void qc.invalidateQueries({ queryKey: alertQueries.all });
      props.onClose();
    },
  }));
  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <form
        class="dialog stack"
        role="dialog"
        aria-modal="true"
        aria-label="Mute alerts"
        onSubmit={(e) => (e.preventDefault(), save.mutate())}
        onKeyDown={(e) => e.key === "Escape" && props.onClose()}
      >
        <h2 style={{ margin: 0 }}>Mute</h2>
        <Show when={props.prefill.monitorId}>
          <label class="row">
            <input
              type="checkbox"
              checked={onlyMonitor()}
              onChange={(e) => setOnlyMonitor(e.currentTarget.checked)}
              style={{ "min-height": "24px", width: "24px" }}
            />
            Only monitor “{props.prefill.monitorName}”
          </label>
        </Show>
        <label class="field">
          Matching labels (key=value, comma separated)
          <input value={matchers()} onInput={(e) => setMatchers(e.currentTarget.value)} />
        </label>
        <div class="row">
          <label class="field">
            Duration
            <select value={duration()} onChange={(e) => setDuration(e.currentTarget.value)}>
              <For each={["30m", "1h", "2h", "4h", "12h", "24h", "7d", "30d", "90d"]}>
                {(d) => <option value={d}>{d}</option>}
              </For>
            </select>
          </label>
          <label class="field" style={{ flex: 1 }}>
            Comment
            <input
              value={comment()}
              onInput={(e) => setComment(e.currentTarget.value)}
              placeholder="Rolling back checkout-service"
            />
          </label>
        </div>
        <RecurringFields onChange={setWindows} />
        <section aria-label="Mute preview" aria-live="polite" class="card">
          <Show when={preview.isError}>
            <ErrorState title="This rule is not valid yet" error={preview.error} />
          </Show>
          <Show when={preview.data}>
            {(p) => (
              <>
                <strong>
                  Would silence {p().current.length} current alert{p().current.length === 1 ? "" : "s"}
                </strong>
                <ul style={{ margin: "6px 0 0", "padding-left": "18px" }}>
                  <For each={p().current}>
                    {(a) => (
                      <li>
                        {a.monitorName}{" "}
                        <For each={Object.entries(a.signalLabels)}>{([k, v]) => <Chip label={`${k}=${v}`} />}</For>
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={p().recent.length}>
                  <p class="muted">…and {p().recent.length} alert(s) of the last 24 h would have matched.</p>
                </Show>
                <Show when={p().monitorCount}>
                  <div aria-label="Monitors it applies to">
                    <strong>
                      Applies to {p().monitorCount} monitor{p().monitorCount === 1 ? "" : "s"} when they fire
                    </strong>
                    <ul style={{ margin: "6px 0 0", "padding-left": "18px" }}>
                      <For each={p().monitors.slice(0, 10)}>
                        {(m) => (
                          <li>
                            {m.name}
                            <Show when={m.signals.length}>
                              {" "}
                              <span class="muted">
                                signals with {m.signals.map((x) => `${x.name}${x.op}"${x.value}"`).join(", ")}
                              </span>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ul>
                  </div>
                </Show>
              </>
            )}
          </Show>
        </section>
        <Show when={save.error}>
          <ErrorState title="Could not save the muting rule" error={save.error} />
        </Show>
        <div class="row">
          <button class="btn primary" type="submit" disabled={save.isPending || preview.isError}>
            Save muting rule
          </button>
          <button class="btn" type="button" onClick={() => props.onClose()}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

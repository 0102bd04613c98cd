import { For, Show } from "solid-js";
import type { SetStoreFunction } from "solid-js/store";
import { NO_DATA_CHOICES, type MonitorForm } from "./form";

/** What a firing alert whose data stops means, and flap handling (off unless turned on). */
export function DataAndFlapping(props: { form: MonitorForm; setForm: SetStoreFunction<MonitorForm> }) {
  const form = props.form;
  const setForm = props.setForm;
  return (
    <>
      <fieldset class="stack" style={{ gap: "6px" }}>
        <legend>When data stops</legend>
        <p class="muted" style={{ margin: 0 }}>
          A firing alert whose data stops shows “no data” and keeps its page open until data shows the condition has
          cleared; while Vigil itself was down, missing data never resolves or opens an alert.
        </p>
        <select
          style={{ "max-width": "100%" }}
          aria-label="When data stops"
          value={form.noData}
          onChange={(e) => setForm("noData", e.currentTarget.value as MonitorForm["noData"])}
        >
          <For each={NO_DATA_CHOICES}>{(c) => <option value={c.value}>{c.label}</option>}</For>
        </select>
      </fieldset>
      <fieldset class="stack" style={{ gap: "6px" }}>
        <legend>
          <label class="row">
            <input
              type="checkbox"
              checked={form.flapEnabled}
              onChange={(e) => setForm("flapEnabled", e.currentTarget.checked)}
            />
            <span>Flap handling</span>
          </label>
        </legend>
        <p class="muted" style={{ margin: 0 }}>
          A signal that fires and resolves this often pages once, marked flapping, then stays quiet until a breach holds
          for its “for” duration (at least one check), which pages normally.
        </p>
        <Show when={form.flapEnabled}>
          <div class="row">
            <label class="row">
              <input
                aria-label="Flap changes"
                size={3}
                value={form.flapChanges}
                onInput={(e) => setForm("flapChanges", e.currentTarget.value)}
              />
              <span>changes within</span>
            </label>
            <input
              aria-label="Flap window"
              size={5}
              value={form.flapWindow}
              onInput={(e) => setForm("flapWindow", e.currentTarget.value)}
            />
          </div>
        </Show>
      </fieldset>
    </>
  );
}

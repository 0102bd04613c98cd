import { createEffect, createSignal, For, Show } from "solid-js";
import { type TimeIntervalSpec, WEEKDAYS, weeklyWindow } from "./recurrence";

/** "Repeat weekly": days, from-to and a time zone; reports the window (or null when off) as it changes. */
export function RecurringFields(props: { onChange: (ivs: TimeIntervalSpec[] | null) => void }) {
  const [on, setOn] = createSignal(false);
  const [days, setDays] = createSignal<string[]>([]);
  const [from, setFrom] = createSignal("09:00");
  const [to, setTo] = createSignal("10:00");
  const [zone, setZone] = createSignal(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  createEffect(() => props.onChange(on() ? [weeklyWindow(days(), from(), to(), zone())] : null));
  const toggle = (d: string) => setDays(days().includes(d) ? days().filter((x) => x !== d) : [...days(), d]);
  return (
    <fieldset class="stack" style={{ gap: "6px", border: "none", padding: 0, margin: 0 }}>
      <label class="row">
        <input
          type="checkbox"
          checked={on()}
          onChange={(e) => setOn(e.currentTarget.checked)}
          style={{ "min-height": "24px", width: "24px" }}
        />
        Repeat weekly (only inside a window)
      </label>
      <Show when={on()}>
        <div class="row" role="group" aria-label="Days" style={{ gap: "4px" }}>
          <For each={WEEKDAYS}>
            {(d) => (
              <button type="button" class="btn" aria-pressed={days().includes(d)} onClick={() => toggle(d)}>
                {d.slice(0, 3)}
              </button>
            )}
          </For>
        </div>
        <div class="row">
          <label class="field">
            From
            <input type="time" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label class="field">
            To
            <input value={to()} onInput={(e) => setTo(e.currentTarget.value)} placeholder="HH:MM or 24:00" />
          </label>
          <label class="field" style={{ flex: 1 }}>
            Time zone
            <input value={zone()} onInput={(e) => setZone(e.currentTarget.value.trim())} />
          </label>
        </div>
        <p class="muted" style={{ margin: 0 }}>
          No day chosen means every day. Local time in the zone, daylight saving included.
        </p>
      </Show>
    </fieldset>
  );
}

import { createEffect, createSignal, For, Show } from "solid-js";
import { createGlobals } from "../lib/globals";
import { rememberRange } from "../lib/last-range";
import { describeRange, isRelativeRange, PRESETS, relativeLike, resolveTime } from "../lib/time";
import { setSearch } from "../lib/url-state";

/** The range picker. A range of fixed instants (from an alert, a DDx, a zoom) is shown as "pinned time" with a way
 * back to a moving one, so a frozen view never passes for a live one. */
export function TimePicker() {
  const g = createGlobals();
  const pinned = () => !isRelativeRange(g.range());
  createEffect(() => rememberRange(g.range()));
  const backToNow = () => {
    const r = relativeLike(g.range(), Date.now());
    setSearch({ from: r.from === "now-1h" ? null : r.from, to: null }, { push: true });
  };
  const [open, setOpen] = createSignal(false);
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [err, setErr] = createSignal("");
  const choose = (f: string, t = "now") => {
    setSearch({ from: f === "now-1h" && t === "now" ? null : f, to: t === "now" ? null : t }, { push: true });
    setOpen(false);
  };
  const custom = (e: Event) => {
    e.preventDefault();
    const now = Date.now();
    if (resolveTime(from(), now) == null || resolveTime(to() || "now", now) == null)
      return setErr("Use now-2h, now, an ISO date or epoch ms");
    setErr("");
    choose(from(), to() || "now");
  };
  return (
    <div class="row time-picker" style={{ position: "relative", gap: "4px" }}>
      <button
        class="btn"
        classList={{ "time-pinned": pinned() }}
        aria-haspopup="dialog"
        aria-expanded={open()}
        onClick={() => (setFrom(g.range().from), setTo(g.range().to), setOpen(!open()))}
      >
        <Show when={pinned()}>
          <span class="time-pin-label">Pinned time</span>
        </Show>
        <span aria-label={pinned() ? "Time range (pinned)" : "Time range"}>{describeRange(g.range(), g.utc())}</span>
      </button>
      <Show when={pinned()}>
        <button class="btn time-pinned" onClick={backToNow} title="Same length, ending now, moving with time">
          Back to now
        </button>
      </Show>
      <Show when={open()}>
        <div
          class="card"
          role="dialog"
          aria-label="Choose time range"
          style={{ position: "absolute", right: 0, top: "110%", "z-index": 15, width: "min(300px, 90vw)" }}
        >
          <div class="stack" style={{ gap: "4px" }}>
            <For each={PRESETS}>
              {(p) => (
                <button class="btn ghost" style={{ "justify-content": "flex-start" }} onClick={() => choose(p.from)}>
                  {p.label}
                </button>
              )}
            </For>
            <form class="stack" style={{ gap: "6px" }} onSubmit={custom}>
              <label class="field">
                From
                <input value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
              </label>
              <label class="field">
                To
                <input value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
              </label>
              <Show when={err()}>
                <span role="alert" class="sev-critical">
                  {err()}
                </span>
              </Show>
              <button class="btn primary" type="submit">
                Apply range
              </button>
            </form>
          </div>
        </div>
      </Show>
    </div>
  );
}

import { createMemo, createSignal, For, onCleanup, onMount } from "solid-js";
import type { LogLine } from "../../api/logs";
import { formatTime } from "../../lib/time";
import { rowOffsets, virtualWindow, virtualWindowVar, wrappedRowHeight } from "./virtual";

/** A virtualised list: only the rows in view (plus a margin) are in the DOM, so thousands of lines stay fast. */
export function LogList(props: {
  lines: LogLine[];
  selected: string;
  utc: boolean;
  onSelect: (id: string) => void;
  onNearEnd: () => void;
}) {
  let box!: HTMLDivElement;
  const [top, setTop] = createSignal(0);
  const [viewport, setViewport] = createSignal(600);
  const [phone, setPhone] = createSignal(false);
  const [width, setWidth] = createSignal(360);
  const rowH = () => 30;
  // On a phone each line wraps to show its whole message, so rows vary in height.
  const offsets = createMemo(() =>
    phone() ? rowOffsets(props.lines.map((l) => wrappedRowHeight(l.body, width()))) : null,
  );
  onMount(() => {
    const mq = window.matchMedia("(max-width: 760px)");
    setPhone(mq.matches);
    const onMq = () => setPhone(mq.matches);
    mq.addEventListener("change", onMq);
    const ro = new ResizeObserver(() => (setViewport(box.clientHeight), setWidth(box.clientWidth)));
    ro.observe(box);
    onCleanup(() => (ro.disconnect(), mq.removeEventListener("change", onMq)));
  });
  const win = createMemo(() => {
    const o = offsets();
    return o ? virtualWindowVar(top(), viewport(), o) : virtualWindow(top(), viewport(), rowH(), props.lines.length);
  });
  const rows = createMemo(() => props.lines.slice(win().start, win().end).map((l, i) => ({ l, i: win().start + i })));
  const onScroll = () => {
    setTop(box.scrollTop);
    if (box.scrollTop + box.clientHeight > box.scrollHeight - rowH() * 20) props.onNearEnd();
  };
  const move = (e: KeyboardEvent, i: number) => {
    const next = e.key === "ArrowDown" ? i + 1 : e.key === "ArrowUp" ? i - 1 : -1;
    if (next < 0 || next >= props.lines.length) return;
    e.preventDefault();
    props.onSelect(props.lines[next].id);
    queueMicrotask(() => (box.querySelector(`[data-idx="${next}"]`) as HTMLElement | null)?.focus());
  };
  return (
    <div
      ref={box}
      class="tl-logs"
      role="listbox"
      aria-label={`Log lines (${props.lines.length} loaded)`}
      onScroll={onScroll}
    >
      <div style={{ height: `${win().padTop}px` }} />
      <For each={rows()}>
        {(r) => (
          <button
            type="button"
            role="option"
            class="tl-logrow"
            classList={{ wrapped: phone() }}
            data-idx={r.i}
            style={{ height: `${offsets() ? offsets()![r.i + 1] - offsets()![r.i] : rowH()}px` }}
            aria-selected={props.selected === r.l.id}
            onClick={() => props.onSelect(r.l.id)}
            onKeyDown={(e) => move(e, r.i)}
          >
            <span class="muted">
              {phone()
                ? formatTime(r.l.timeUs / 1000, props.utc).slice(11, 19)
                : formatTime(r.l.timeUs / 1000, props.utc)}
            </span>
            <span class={`lv-${r.l.level}`}>
              {r.l.level === "error" || r.l.level === "fatal" ? "⚠" : ""}
              {r.l.level.toUpperCase().slice(0, 5)}
            </span>
            <span class="svc">{r.l.service}</span>
            <span class="body">{r.l.body}</span>
          </button>
        )}
      </For>
      <div style={{ height: `${win().padBottom}px` }} />
    </div>
  );
}

import { ErrorBoundary, lazy, onCleanup, onMount, Suspense } from "solid-js";

// The CodeMirror chunk is large: load it only when an editor is on screen, as the Metrics Explorer does.
const PromqlEditor = lazy(() => import("../explorer/PromqlEditor").then((m) => ({ default: m.PromqlEditor })));

const LABEL_ID = "monitor-query-label";

/** Plain textarea: shown while the editor chunk loads, and kept if it fails to load (offline, blocked). */
function PlainQuery(props: { value: string; onChange: (v: string) => void; note?: string }) {
  return (
    <>
      <textarea
        class="mono"
        rows={3}
        aria-labelledby={LABEL_ID}
        value={props.value}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      {props.note ? (
        <span class="muted" role="note" style={{ "font-size": "12px" }}>
          {props.note}
        </span>
      ) : null}
    </>
  );
}

/** The monitor's PromQL: highlighting and autocomplete against Vigil's API, labelled "Query (PromQL)". */
export function QueryField(props: { value: string; onChange: (v: string) => void; onRun: () => void }) {
  let box!: HTMLDivElement;
  onMount(() => {
    // The editor names its textbox "PromQL query"; aria-labelledby wins over aria-label, so screen readers
    // and tests find it by this form's visible label. CodeMirror only rewrites attributes it owns.
    const label = () => box.querySelector(".cm-content")?.setAttribute("aria-labelledby", LABEL_ID);
    const mo = new MutationObserver(label);
    mo.observe(box, { childList: true, subtree: true });
    onCleanup(() => mo.disconnect());
  });
  return (
    <div class="stack" style={{ gap: "2px" }}>
      <span id={LABEL_ID}>Query (PromQL)</span>
      <div ref={box} class="monitor-query">
        <ErrorBoundary
          fallback={
            <PlainQuery
              value={props.value}
              onChange={props.onChange}
              note="The PromQL editor could not load; plain text editing still works."
            />
          }
        >
          <Suspense fallback={<PlainQuery value={props.value} onChange={props.onChange} />}>
            <PromqlEditor value={props.value} onChange={props.onChange} onRun={props.onRun} />
          </Suspense>
        </ErrorBoundary>
      </div>
      <span class="muted" style={{ "font-size": "12px" }}>
        Ctrl/Cmd+Enter previews now; the preview also follows your typing.
      </span>
    </div>
  );
}

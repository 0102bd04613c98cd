import { autocompletion, closeBrackets, closeCompletion } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { PromQLExtension } from "@prometheus-io/codemirror-promql";
import { createEffect, on, onCleanup, onMount } from "solid-js";
import { token } from "../../api/token";
import { useLocation } from "../../lib/router";

const open = new Set<EditorView>();

/** Close every editor's completion list: a query that runs, or a page that changes, leaves no popup behind. */
export function closeCompletions(): void {
  for (const v of open) closeCompletion(v);
}

// Colours from the theme's variables (styles.css), so the query reads on dark and light alike.
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--hl-keyword)" },
  { tag: tags.function(tags.variableName), color: "var(--hl-func)" },
  { tag: tags.labelName, color: "var(--hl-label)" },
  { tag: tags.string, color: "var(--hl-string)" },
  { tag: tags.number, color: "var(--hl-number)" },
  { tag: tags.operator, color: "var(--hl-op)" },
  { tag: tags.comment, color: "var(--muted)", fontStyle: "italic" },
]);

const theme = EditorView.theme({
  "&": {
    background: "var(--bg2)",
    color: "var(--fg)",
    border: "1px solid var(--border)",
    borderRadius: "8px",
    fontSize: "13px",
  },
  "&.cm-focused": { outline: "2px solid var(--accent)" },
  ".cm-content": { fontFamily: "var(--mono)", padding: "8px 4px", caretColor: "var(--fg)" },
  ".cm-tooltip": { background: "var(--bg3)", color: "var(--fg)", border: "1px solid var(--border)" },
  // Under the phone's bottom bar and menu (z-index 10 and 20): the list never swallows their taps.
  ".cm-tooltip.cm-tooltip-autocomplete": { zIndex: "8" },
});

/** PromQL editor with highlighting and autocomplete against Vigil's own /api/v1 (bearer token attached). */
export function PromqlEditor(props: { value: string; onChange: (v: string) => void; onRun: () => void }) {
  let host!: HTMLDivElement;
  let view: EditorView | undefined;
  const run = () => {
    if (view) closeCompletion(view);
    props.onRun();
    return true;
  };
  // A tap anywhere outside the editor (the Run button, the menu) closes the list first.
  const outside = (e: PointerEvent) => {
    if (view && !view.dom.contains(e.target as Node)) closeCompletion(view);
  };
  document.addEventListener("pointerdown", outside, true);
  onCleanup(() => document.removeEventListener("pointerdown", outside, true));
  createEffect(on(useLocation(), () => view && closeCompletion(view), { defer: true }));
  onMount(() => {
    const promql = new PromQLExtension().setComplete({
      remote: {
        url: "",
        apiPrefix: "/api/v1",
        httpMethod: "GET",
        fetchFn: (input, init) => {
          const headers = new Headers(init?.headers);
          const t = token();
          if (t) headers.set("authorization", `Bearer ${t}`);
          return fetch(input, { ...init, headers });
        },
      },
    });
    view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          history(),
          closeBrackets(),
          autocompletion(),
          keymap.of([{ key: "Mod-Enter", run }, { key: "Shift-Enter", run }, ...defaultKeymap, ...historyKeymap]),
          promql.asExtension(),
          syntaxHighlighting(highlight),
          theme,
          placeholder("PromQL, e.g. sum by (status) (rate(checkout_http_requests_total[5m]))"),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": "PromQL query", role: "textbox", "aria-multiline": "true" }),
          EditorView.updateListener.of((u) => u.docChanged && props.onChange(u.state.doc.toString())),
        ],
      }),
    });
    open.add(view);
  });
  // Outside changes (builder, split by, URL) replace the document without echoing back.
  createEffect(() => {
    const v = props.value;
    if (view && view.state.doc.toString() !== v)
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: v } });
  });
  onCleanup(() => {
    if (view) open.delete(view);
    view?.destroy();
  });
  return <div ref={host} data-testid="promql-editor" />;
}

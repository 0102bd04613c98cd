// A textarea that suggests people and teams after "@" (arrow keys, Enter or Tab to pick, Escape to close).
import { createResource, createSignal, For, Show } from "solid-js";
import { mentionAt } from "../../../core/contracts/people";
import { suggestPeople } from "../api/people";

export function MentionTextarea(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  placeholder?: string;
  rows?: number;
}) {
  let area: HTMLTextAreaElement | undefined;
  const [query, setQuery] = createSignal<{ start: number; query: string } | null>(null);
  const [active, setActive] = createSignal(0);
  const [list] = createResource(
    () => query()?.query,
    (q) => suggestPeople(q).catch(() => []),
  );
  const options = () => (query() ? (list() ?? []) : []);
  const pick = (handle: string) => {
    const q = query();
    if (!q || !area) return;
    const caret = area.selectionStart;
    const next = `${props.value.slice(0, q.start)}@${handle} ${props.value.slice(caret)}`;
    props.onInput(next);
    setQuery(null);
    queueMicrotask(() => {
      const pos = q.start + handle.length + 2;
      area?.setSelectionRange(pos, pos);
      area?.focus();
    });
  };
  return (
    <div style={{ position: "relative" }}>
      <label class="field">
        {props.label}
        <textarea
          ref={area}
          rows={props.rows ?? 2}
          value={props.value}
          placeholder={props.placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={options().length > 0}
          aria-controls="mention-options"
          onInput={(e) => {
            props.onInput(e.currentTarget.value);
            setQuery(mentionAt(e.currentTarget.value, e.currentTarget.selectionStart));
            setActive(0);
          }}
          onKeyDown={(e) => {
            const opts = options();
            if (!opts.length) return;
            if (e.key === "ArrowDown") e.preventDefault(), setActive((active() + 1) % opts.length);
            else if (e.key === "ArrowUp") e.preventDefault(), setActive((active() + opts.length - 1) % opts.length);
            else if (e.key === "Enter" || e.key === "Tab") e.preventDefault(), pick(opts[active()]!.handle);
            else if (e.key === "Escape") setQuery(null);
          }}
        />
      </label>
      <Show when={options().length > 0}>
        <ul
          id="mention-options"
          role="listbox"
          aria-label="People and teams"
          class="card"
          style={{
            position: "absolute",
            "z-index": 30,
            margin: 0,
            padding: "4px",
            "list-style": "none",
            "min-width": "220px",
          }}
        >
          <For each={options()}>
            {(o, i) => (
              <li
                role="option"
                tabIndex={-1}
                aria-selected={i() === active()}
                style={{
                  padding: "4px 8px",
                  cursor: "pointer",
                  background: i() === active() ? "var(--hover, #8882)" : undefined,
                }}
                onMouseDown={(e) => (e.preventDefault(), pick(o.handle))}
              >
                @{o.handle}{" "}
                <span class="muted">
                  {o.name}
                  {o.kind === "team" ? " (team)" : ""}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { api } from "../api/client";
import { navigate, useLocation } from "../lib/router";
import { lastRelativeRange } from "../lib/last-range";
import { menuHref, withGlobals } from "../lib/url-state";
import { hrefFor, localMatches, searchResponse, type PaletteItem } from "./palette-items";

export function Palette() {
  const [open, setOpen] = createSignal(false);
  const [q, setQ] = createSignal("");
  const [remote, setRemote] = createSignal<PaletteItem[]>([]);
  const [sel, setSel] = createSignal(0);
  const loc = useLocation();
  let input!: HTMLInputElement;
  const items = () => [...localMatches(q()), ...remote()];

  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
      e.preventDefault();
      setOpen(!open());
    } else if (e.key === "Escape" && open()) setOpen(false);
  };
  onMount(() => window.addEventListener("keydown", onKey));
  onCleanup(() => window.removeEventListener("keydown", onKey));
  createEffect(() => open() && queueMicrotask(() => input?.focus()));

  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(q, (text) => {
      clearTimeout(timer);
      setSel(0);
      if (text.trim().length < 2) return setRemote([]);
      timer = setTimeout(async () => {
        try {
          const r = await api("/api/search", searchResponse, { query: { q: text } });
          setRemote(r.results.map((x) => ({ label: x.title, kind: x.kind, href: hrefFor(x) })));
        } catch {
          setRemote([]);
        }
      }, 150);
    }),
  );

  const go = (it: PaletteItem) => {
    setOpen(false);
    setQ("");
    // Pages are menu entries: a pinned time range stays with the investigation that pinned it.
    navigate(
      it.kind === "page" ? menuHref(it.href, loc().search, lastRelativeRange()) : withGlobals(it.href, loc().search),
    );
  };

  return (
    <Show when={open()}>
      <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && setOpen(false)}>
        <div class="dialog" role="dialog" aria-modal="true" aria-label="Search Vigil">
          <input
            ref={input}
            style={{ width: "100%" }}
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-results"
            aria-label="Search pages, monitors, dashboards, notebooks"
            placeholder="Search… (Esc to close)"
            value={q()}
            onInput={(e) => setQ(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") e.preventDefault(), setSel(Math.min(sel() + 1, items().length - 1));
              else if (e.key === "ArrowUp") e.preventDefault(), setSel(Math.max(sel() - 1, 0));
              else if (e.key === "Enter" && items()[sel()]) e.preventDefault(), go(items()[sel()]);
            }}
          />
          <ul class="palette-results" id="palette-results" role="listbox" aria-label="Results">
            <For each={items()}>
              {(it, i) => (
                <li role="presentation">
                  <a
                    role="option"
                    aria-selected={i() === sel()}
                    href={it.href}
                    onClick={(e) => {
                      e.preventDefault();
                      go(it);
                    }}
                  >
                    {it.label} <span class="muted">· {it.kind}</span>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </div>
      </div>
    </Show>
  );
}

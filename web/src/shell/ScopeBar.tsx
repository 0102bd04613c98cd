import { createSignal, For, onMount } from "solid-js";
import { pinnedScopeSchema } from "../../../core/contracts/workspace";
import { api } from "../api/client";
import { Chip } from "../ui/Chip";
import { createGlobals } from "../lib/globals";
import { formatScope, parseScope, type ScopeChip } from "../lib/scope";
import { setSearch } from "../lib/url-state";

/** The pinned scope survives reloads through the server (`/api/scope`) when that API exists; the URL wins. */
async function saveScope(chips: ScopeChip[]) {
  try {
    await api("/api/scope", pinnedScopeSchema, {
      method: "PUT",
      body: { matchers: chips.map((c) => ({ label: c.key, op: "=", value: c.value })) },
    });
  } catch {
    // older servers have no /api/scope: the URL still carries the scope
  }
}

export function ScopeBar() {
  const g = createGlobals();
  const [draft, setDraft] = createSignal("");
  const [err, setErr] = createSignal("");
  const apply = (chips: ScopeChip[]) => {
    setSearch({ scope: formatScope(chips) });
    void saveScope(chips);
  };
  onMount(async () => {
    if (g.scope().length) return;
    try {
      const s = await api("/api/scope", pinnedScopeSchema);
      // The bar pins equality chips; other matcher kinds set through the API are left to the server.
      const chips = parseScope(s.matchers.filter((m) => m.op === "=").map((m) => `${m.label}=${m.value}`));
      if (chips.length && !g.scope().length) setSearch({ scope: formatScope(chips) });
    } catch {
      // no server-side scope yet
    }
  });
  const add = (e: Event) => {
    e.preventDefault();
    const chip = parseScope([draft()])[0];
    if (!chip) return setErr("Write key=value, e.g. environment=production");
    setErr("");
    setDraft("");
    apply([...g.scope().filter((c) => c.key !== chip.key), chip]);
  };
  return (
    <div class="scopebar" role="group" aria-label="Pinned scope">
      <span class="muted hide-phone">Scope</span>
      <For each={g.scope()}>
        {(c) => <Chip label={`${c.key}=${c.value}`} onRemove={() => apply(g.scope().filter((x) => x.key !== c.key))} />}
      </For>
      <form onSubmit={add}>
        <input
          aria-label="Add scope filter (key=value)"
          placeholder="environment=production"
          value={draft()}
          onInput={(e) => setDraft(e.currentTarget.value)}
          aria-invalid={err() ? "true" : undefined}
          title={err()}
        />
        <button class="btn" type="submit">
          Pin
        </button>
      </form>
    </div>
  );
}

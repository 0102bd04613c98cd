// Mentions of me, live: the feed's `user:<my id>` topic. A badge counts the unread ones; the list links to where
// I was mentioned.
import { createSignal, For, Show } from "solid-js";
import { z } from "zod";
import { personSchema } from "../../../core/contracts/people";
import { createLiveFeed } from "../api/live";
import { me } from "../api/session";
import { createGlobals } from "../lib/globals";
import { formatTime } from "../lib/time";
import { Link } from "../ui/Link";

const mentionSchema = z.object({
  by: personSchema,
  on: z.object({ kind: z.string(), id: z.string(), title: z.string(), path: z.string(), excerpt: z.string() }),
});
type Mention = z.infer<typeof mentionSchema> & { at: number; id: number };

export function Mentions() {
  const g = createGlobals();
  const [items, setItems] = createSignal<Mention[]>([]);
  const [unread, setUnread] = createSignal(0);
  const [open, setOpen] = createSignal(false);
  createLiveFeed((m) => {
    if (m.event.kind !== "mention.created" || m.topic !== `user:${me()?.userId}`) return;
    const r = mentionSchema.safeParse(m.event.data);
    if (!r.success) return;
    setItems((prev) => [{ ...r.data, at: m.at, id: m.id }, ...prev].slice(0, 50));
    setUnread((n) => n + 1);
  });
  return (
    <div class="mentions">
      <button
        class="btn"
        aria-expanded={open()}
        aria-label={`Mentions${unread() ? ` (${unread()} new)` : ""}`}
        onClick={() => (setOpen(!open()), setUnread(0))}
      >
        @{unread() ? ` ${unread()}` : ""}
      </button>
      <Show when={open()}>
        <div class="card stack mentions-panel" role="region" aria-label="Your mentions">
          <For each={items()} fallback={<p class="muted">No mentions since you opened Vigil.</p>}>
            {(i) => (
              <Link href={i.on.path} onClick={() => setOpen(false)}>
                <strong>{i.by.name}</strong> mentioned you on {i.on.title}
                <div class="muted">
                  {formatTime(i.at, g.utc(), false)} · {i.on.excerpt}
                </div>
              </Link>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}

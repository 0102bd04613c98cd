// Text a person is typing (a comment, a note), kept per subject for this tab: one signal per key shared by every
// instance of the form, so a form that is rendered anew mid-typing (a live refetch, the page suspending while a
// panel loads) shows what was typed, and a reload of the tab keeps it. Cleared once the text is saved.
import { createSignal, type Accessor } from "solid-js";

const PREFIX = "vigil.draft.";
/** Past this, a draft is kept in memory only (session storage is a few MB for the whole origin). */
const MAX_STORED = 20_000;

const drafts = new Map<string, { get: Accessor<string>; set: (v: string) => void }>();

function stored(key: string): string {
  try {
    return sessionStorage.getItem(PREFIX + key) ?? "";
  } catch {
    return "";
  }
}

function store(key: string, v: string): void {
  try {
    if (v && v.length <= MAX_STORED) sessionStorage.setItem(PREFIX + key, v);
    else sessionStorage.removeItem(PREFIX + key);
  } catch {
    // storage disabled or full: the draft lives in memory for this page
  }
}

function entry(key: string): { get: Accessor<string>; set: (v: string) => void } {
  let d = drafts.get(key);
  if (!d) {
    const [get, setSignal] = createSignal(stored(key));
    d = {
      get,
      set: (v: string) => {
        setSignal(v);
        store(key, v);
      },
    };
    drafts.set(key, d);
  }
  return d;
}

/** The draft for `key` (e.g. `monitor-comment:<id>`, or a function of the page's id): a getter and a setter;
 * `set("")` forgets it. */
export function draft(key: string | (() => string)): [Accessor<string>, (v: string) => void] {
  const k = typeof key === "string" ? () => key : key;
  return [() => entry(k()).get(), (v: string) => entry(k()).set(v)];
}

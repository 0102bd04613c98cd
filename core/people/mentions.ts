// @-mentions in markdown: `@alice` or `@payments`, never inside code, never the middle of an email address.

const MENTION = /(^|[^A-Za-z0-9._@/-])@([a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?)(?![A-Za-z0-9_@-])/gi;

/** Distinct handles mentioned in `text`, lowercased, in order of first appearance (at most `max`). */
export function extractMentions(text: string, max = 20): string[] {
  const plain = text.replace(/```[\s\S]*?```/g, " ").replace(/`[^`\n]*`/g, " ");
  const out: string[] = [];
  for (const m of plain.matchAll(MENTION)) {
    const h = m[2].toLowerCase().replace(/\.+$/, "");
    if (!out.includes(h)) out.push(h);
    if (out.length >= max) break;
  }
  return out;
}

/** The word being typed at `caret` when it is a mention in progress: `{ start, query }` (query without the @). */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[^A-Za-z0-9._@/-])@([a-z0-9._-]{0,40})$/i.exec(before);
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2].toLowerCase() };
}

// @handles of people and teams share one namespace, so "@payments" never means two things.

export const HANDLE_RE = /^[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?$/;

/** A handle derived from an email, a name or a provider's username: lowercase, [a-z0-9._-], at most 40. */
export function handleFrom(...candidates: (string | null | undefined)[]): string {
  for (const c of candidates) {
    if (!c) continue;
    const base = (c.includes("@") ? c.slice(0, c.indexOf("@")) : c)
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[._-]+|[._-]+$/g, "")
      .slice(0, 36)
      .replace(/[._-]+$/, "");
    if (base && HANDLE_RE.test(base)) return base;
  }
  return "user";
}

/** The next free handle: `alice`, then `alice2`, `alice3`, … */
export function nextFreeHandle(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const h = `${base.slice(0, 36)}${i}`;
    if (!taken.has(h)) return h;
  }
}

// The URL rule that annotations, markdown and notifications share with the web app.
/**
 * Where a URL written by a user (an annotation value, a markdown link) leads. Links stay on Vigil unless they
 * say otherwise: a same-origin path (`/dashboards/d_1`) is internal; an absolute http(s) URL is external; a
 * protocol-relative `//host/...` is external too, and so are the spellings browsers read the same way
 * (`\\host`, `/\host`, and any of them with tabs or newlines inside, which URL parsing drops).
 */
export type LinkTarget =
  | { kind: "internal"; href: string }
  | { kind: "external"; href: string; host: string }
  | { kind: "text" };

export function classifyLink(raw: string): LinkTarget {
  // What the browser would parse: surrounding C0 controls and spaces trimmed, tabs and newlines removed.
  const s = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  if (/^https?:[/\\]{2}/i.test(s)) return external(s);
  if (/^[/\\]{2}/.test(s)) return external(`https:${s}`);
  if (s.startsWith("/") && !/\s/.test(s)) return { kind: "internal", href: s };
  return { kind: "text" };
}

function external(url: string): LinkTarget {
  try {
    const u = new URL(url.replace(/\\/g, "/"));
    if (!u.hostname || (u.protocol !== "http:" && u.protocol !== "https:")) return { kind: "text" };
    return { kind: "external", href: u.href, host: u.host };
  } catch {
    return { kind: "text" };
  }
}

/** An internal path made absolute on Vigil's public URL (for notifications read outside the app). */
export function absoluteOn(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

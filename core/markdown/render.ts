import { Marked, type Tokens } from "marked";
import { classifyLink } from "../contracts/links";

/**
 * Markdown -> inert HTML for notebooks, comments and dashboard text panels.
 * Raw HTML is never passed through (it is shown as text), and links/images only keep URLs whose
 * scheme is on an allow-list, checked after decoding entities and stripping the characters browsers
 * ignore, so `&#106;avascript:` or `java\tscript:` tricks cannot slip through.
 */

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_DATA_IMAGE = /^data:image\/(png|jpeg|gif);base64,[a-z0-9+/=\s]*$/i;
const MAX_INPUT_CHARS = 200_000;

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const named: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  colon: ":",
  tab: "\t",
  newline: "\n",
  sol: "/",
  lpar: "(",
  rpar: ")",
};

/** Decode entities the way a browser would inside an attribute, enough to see the real scheme. */
function decodeEntities(s: string): string {
  let prev = "";
  let out = s;
  // Repeat so double-encoded input (`&amp;#106;`) cannot hide a scheme from the check.
  for (let i = 0; i < 3 && out !== prev; i++) {
    prev = out;
    out = out.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, body: string) => {
      if (body[0] === "#") {
        const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
      }
      return named[body.toLowerCase()] ?? m;
    });
  }
  return out;
}

/** The URL a browser would see, normalised for scheme checks: decoded, no control chars or whitespace. */
function normaliseForCheck(url: string): string {
  let s = decodeEntities(url);
  try {
    s = decodeURIComponent(s);
  } catch {
    // Malformed percent-encoding: check the raw text instead.
  }
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, "").toLowerCase();
}

/** A URL is relative when there is no scheme before the first `/`, `?` or `#`. */
function isRelative(normalised: string): boolean {
  const firstColon = normalised.indexOf(":");
  if (firstColon < 0) return true;
  const firstDelim = normalised.search(/[/?#]/);
  return firstDelim >= 0 && firstDelim < firstColon;
}

export function isSafeLinkUrl(url: string): boolean {
  const n = normaliseForCheck(url);
  if (n.startsWith("//") || n.startsWith("\\\\") || n.startsWith("/\\")) return true; // protocol-relative: http(s)
  return SAFE_LINK.test(n) || isRelative(n);
}

export function isSafeImageUrl(url: string): boolean {
  const n = normaliseForCheck(url);
  if (n.startsWith("data:")) return SAFE_DATA_IMAGE.test(url.trim());
  return /^https?:/.test(n) || (isRelative(n) && !n.startsWith("\\"));
}

const marked = new Marked({
  async: false,
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    // After a raw `<script>`/`<pre>`/`<style>` tag marked's lexer keeps the following text unescaped
    // (`escaped: true` means "raw block content"). We escape the tag itself, so that text must be escaped too.
    text(token: Tokens.Text | Tokens.Escape): string | false {
      if ("tokens" in token && token.tokens) return false;
      if ("escaped" in token && token.escaped) return escapeHtml(token.text);
      return false;
    },
    link(token: Tokens.Link): string {
      const inner = this.parser.parseInline(token.tokens);
      if (!isSafeLinkUrl(token.href)) return `<span class="unsafe-link">${inner}</span>`;
      const target = classifyLink(token.href);
      if (target.kind === "external") {
        // Protocol-relative links are spelled out: the reader sees (and the title says) they leave Vigil.
        const title = escapeHtml(
          token.title ? `${token.title} (${target.host})` : `Opens ${target.host}, outside Vigil`,
        );
        return `<a href="${escapeHtml(target.href)}" title="${title}" class="external-link" rel="noopener noreferrer" target="_blank">${inner}</a>`;
      }
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      // Same-origin paths stay in Vigil (same tab); mailto and relative links as written.
      const newTab = target.kind === "internal" ? "" : ' target="_blank"';
      return `<a href="${escapeHtml(token.href)}"${title} rel="noopener noreferrer"${newTab}>${inner}</a>`;
    },
    image(token: Tokens.Image): string {
      if (!isSafeImageUrl(token.href)) return escapeHtml(token.text);
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}"${title} loading="lazy" referrerpolicy="no-referrer">`;
    },
  },
});

export function renderMarkdown(md: string): string {
  const input = md.length > MAX_INPUT_CHARS ? md.slice(0, MAX_INPUT_CHARS) : md;
  return marked.parse(input, { async: false }) as string;
}

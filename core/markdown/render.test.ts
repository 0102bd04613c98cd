import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSafeLinkUrl, renderMarkdown } from "./render";

const ALLOWED_TAGS = new Set([
  "p",
  "a",
  "img",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "ul",
  "ol",
  "li",
  "blockquote",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "br",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "span",
  "input",
]);
const ALLOWED_ATTRS = new Set([
  "href",
  "src",
  "alt",
  "title",
  "rel",
  "target",
  "loading",
  "referrerpolicy",
  "class",
  "align",
  "start",
  "type",
  "checked",
  "disabled",
]);

/** Every tag and attribute in the output is on the allow-list, and every URL has a safe scheme. */
function assertInert(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    expect(ALLOWED_TAGS.has(tag), `tag <${tag}> in ${html}`).toBe(true);
    for (const a of m[2]!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      const name = a[1]!.toLowerCase();
      if (name === "/") continue;
      expect(ALLOWED_ATTRS.has(name), `attribute ${name} in ${html}`).toBe(true);
      if (name === "href" || name === "src") {
        // What the browser sees: one pass of entity decoding, ignored characters dropped. Any scheme must be allowed.
        // Only the five entities escapeHtml emits can appear: any other `&` would have been escaped to `&amp;`.
        expect(a[2] ?? "", "unescaped & in attribute").not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        const v = (a[2] ?? "")
          .replace(
            /&(amp|lt|gt|quot|#39);/g,
            (_m, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!,
          )
          .replace(/[\u0000-\u0020]/g, "");
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v)?.[1]?.toLowerCase();
        expect(
          scheme === undefined ||
            ["http", "https", "mailto"].includes(scheme) ||
            /^data:image\/(png|jpeg|gif);base64,/i.test(v),
          `url ${v}`,
        ).toBe(true);
      }
    }
  }
  // Event handlers are caught by the attribute allow-list above; dangerous tags are checked here too.
  expect(html).not.toMatch(/<(script|svg|iframe|object|embed|style|math)/i);
}

const vectors = [
  "<script>alert(1)</script>",
  "text <script>alert(1)</script> inline",
  "<img src=x onerror=alert(1)>",
  "hello <b onmouseover=alert(1)>x</b>",
  "<svg onload=alert(1)><circle/></svg>",
  "<svg><script>alert(1)</script></svg>",
  "<iframe src=javascript:alert(1)></iframe>",
  '<a href="javascript:alert(1)">x</a>',
  "<details open ontoggle=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x](&#106;avascript:alert(1))",
  "[x](&#x6A;avascript&colon;alert(1))",
  "[x](&amp;#106;avascript:alert(1))",
  "[x](%6Aavascript:alert(1))",
  "[x]( javascript:alert(1))",
  "[x](<javascript:alert(1)>)",
  "[x](vbscript:msgbox(1))",
  "[x](data:text/html,<script>alert(1)</script>)",
  "<javascript:alert(1)>",
  "[ref]\n\n[ref]: javascript:alert(1)",
  "![a](javascript:alert(1))",
  "![a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![a](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  '![a" onerror="alert(1)](https://x.test/a.png)',
  '[x](https://x.test "a\\" onmouseover=\\"alert(1)")',
  '"><img src=x onerror=alert(1)>',
  "```html\n<script>alert(1)</script>\n```",
  "`<img src=x onerror=alert(1)>`",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "<!-- <script>alert(1)</script> -->",
  "<style>body{background:url(javascript:alert(1))}</style>",
  "<<script><a href=javascript:alert(1)>x</a>",
  "x <pre><img src=x onerror=alert(1)>",
  "a <script> <svg onload=alert(1)> </script> b <iframe src=javascript:alert(1)>",
];

describe("renderMarkdown", () => {
  it.each(vectors)("renders %j inert", (v) => {
    const html = renderMarkdown(v);
    assertInert(html);
  });

  it("shows raw HTML as text instead of dropping it", () => {
    expect(renderMarkdown("<script>alert(1)</script>")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(renderMarkdown("a <b onmouseover=alert(1)>x</b>")).toContain("&lt;b onmouseover=alert(1)&gt;");
  });

  it("keeps ordinary markdown", () => {
    const html = renderMarkdown(
      "# Rollback\n\n**v3.41.0** broke `payment-provider.internal`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    expect(html).toContain("<h1>Rollback</h1>");
    expect(html).toContain("<strong>v3.41.0</strong>");
    expect(html).toContain("<code>payment-provider.internal</code>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<td>1</td>");
    assertInert(html);
  });

  it("keeps http, https, mailto and relative links with rel=noopener noreferrer", () => {
    for (const url of [
      "https://runbooks.test/checkout",
      "http://a.test/",
      "mailto:oncall@example.com",
      "/dashboards/d_1",
      "notes/x.md",
      "#section",
    ]) {
      const html = renderMarkdown(`[l](${url})`);
      expect(html).toContain(`href="${url.startsWith("http") ? new URL(url).href : url}"`);
      expect(html).toContain('rel="noopener noreferrer"');
    }
  });

  it("marks external links; protocol-relative //host is spelled out as external, same-origin paths stay in Vigil", () => {
    const ext = renderMarkdown("[Dashboard](//evil.example/phish)");
    expect(ext).toContain('href="https://evil.example/phish"');
    expect(ext).toContain('class="external-link"');
    expect(ext).toContain('title="Opens evil.example, outside Vigil"');
    expect(ext).toContain('target="_blank"');
    const backslash = renderMarkdown("[Dashboard](/\\evil.example/phish)");
    expect(backslash).toContain('href="https://evil.example/phish"');
    const internal = renderMarkdown("[Dashboard](/dashboards/d_1)");
    expect(internal).toContain('href="/dashboards/d_1"');
    expect(internal).not.toContain("target=");
    expect(internal).not.toContain("external-link");
    assertInert(ext + backslash + internal);
  });

  it("drops unsafe link targets but keeps their text", () => {
    const html = renderMarkdown("[click me](javascript:alert(1))");
    expect(html).not.toContain("href");
    expect(html).toContain("click me");
  });

  it("allows only png, jpeg and gif data images", () => {
    expect(renderMarkdown("![p](data:image/png;base64,iVBORw0KGgo=)")).toContain(
      '<img src="data:image/png;base64,iVBORw0KGgo="',
    );
    expect(renderMarkdown("![p](data:image/gif;base64,R0lGOD==)")).toContain("<img");
    expect(renderMarkdown("![p](data:image/svg+xml;base64,PHN2Zz4=)")).not.toContain("<img");
    expect(renderMarkdown("![p](https://x.test/a.png)")).toContain('src="https://x.test/a.png"');
  });

  it("escapes attribute breakouts in titles and alt text", () => {
    const html = renderMarkdown('![a" onerror="alert(1)](https://x.test/a.png "t\\" onload=\\"x")');
    expect(html).not.toMatch(/\son(error|load)="/);
    assertInert(html);
  });

  it("classifies URLs after decoding entities and stripping ignored characters", () => {
    expect(isSafeLinkUrl("java\u0000script:alert(1)")).toBe(false);
    expect(isSafeLinkUrl("&#0000106avascript:alert(1)")).toBe(false);
    expect(isSafeLinkUrl("\u200bjavascript:alert(1)")).toBe(false);
    expect(isSafeLinkUrl("https://ok.test")).toBe(true);
    expect(isSafeLinkUrl("a/b:c")).toBe(true);
  });

  it("never emits a tag or attribute outside the allow-list for generated input", { timeout: 60_000 }, () => {
    const pieces = [
      "<",
      ">",
      "script",
      "svg",
      "img",
      " onerror=",
      "alert(1)",
      "javascript:",
      "&#106;",
      "[",
      "](",
      ")",
      "!",
      '"',
      "'",
      "`",
      "\n",
      "*",
      "data:",
      "<a href=",
      "/",
      "<pre>",
      "</script>",
      "\\",
      "&amp;",
      "&#x6A;",
      "<style>",
      "<!--",
      "-->",
      "  \n",
      "|",
      "---",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        assertInert(renderMarkdown(parts.join("")));
      }),
      { numRuns: 3000 },
    );
  });
});

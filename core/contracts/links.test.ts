import { describe, expect, it } from "vitest";
import { absoluteOn, classifyLink } from "./links";

describe("classifyLink", () => {
  it("same-origin paths stay in Vigil", () => {
    expect(classifyLink("/dashboards/d_1?x=1")).toEqual({ kind: "internal", href: "/dashboards/d_1?x=1" });
    expect(classifyLink("  /alerts ")).toEqual({ kind: "internal", href: "/alerts" });
  });

  it("absolute http(s) URLs are external, with their host", () => {
    expect(classifyLink("https://runbooks.example.com/p")).toEqual({
      kind: "external",
      href: "https://runbooks.example.com/p",
      host: "runbooks.example.com",
    });
    expect(classifyLink("HTTP://a.test:8080")).toMatchObject({ kind: "external", host: "a.test:8080" });
  });

  it("protocol-relative //host and the spellings browsers read the same way are external", () => {
    for (const v of [
      "//evil.example/phish",
      "\\\\evil.example/phish",
      "/\\evil.example/phish",
      "/\t/evil.example/phish",
      "\\/evil.example/phish",
    ])
      expect(classifyLink(v), JSON.stringify(v)).toEqual({
        kind: "external",
        href: "https://evil.example/phish",
        host: "evil.example",
      });
  });

  it("everything else is text: names, other schemes, relative words", () => {
    for (const v of [
      "Commerce Checkout Dashboard",
      "javascript:alert(1)",
      "data:text/html,x",
      "mailto:a@b.c",
      "runbooks/checkout",
      "/ with spaces",
      "https://",
      "",
    ])
      expect(classifyLink(v), v).toEqual({ kind: "text" });
  });

  it("absoluteOn joins a base URL and a path", () => {
    expect(absoluteOn("http://127.0.0.1:18787/", "/dashboards/x")).toBe("http://127.0.0.1:18787/dashboards/x");
  });
});

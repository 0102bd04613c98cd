import { describe, expect, it } from "vitest";
import { formatMatchers, parseMatchers } from "./matchers";

describe("matcher lists", () => {
  it("parses every operator, quoted and bare values, commas inside quotes", () => {
    expect(parseMatchers(`service="checkout", severity=~"crit.*|warn", env!=dev, path!~"/a,b"`)).toEqual({
      matchers: [
        { name: "service", op: "=", value: "checkout" },
        { name: "severity", op: "=~", value: "crit.*|warn" },
        { name: "env", op: "!=", value: "dev" },
        { name: "path", op: "!~", value: "/a,b" },
      ],
    });
  });

  it("round-trips escaped quotes and says which part is wrong", () => {
    const ms = [{ name: "msg", op: "=" as const, value: 'say "hi"' }];
    expect(parseMatchers(formatMatchers(ms))).toEqual({ matchers: ms });
    expect(parseMatchers("service checkout")).toEqual({ error: expect.stringContaining("service checkout") });
    expect(parseMatchers(" , ")).toEqual({ matchers: [] });
  });
});

import { describe, expect, it } from "vitest";
import { excerptOf, slackMention } from "./mention";

describe("mention notices", () => {
  it("excerpts collapse whitespace and cut at a word", () => {
    expect(excerptOf("a\n\n  b")).toBe("a b");
    expect(excerptOf("alpha beta gamma delta", 12)).toBe("alpha beta…");
    expect(excerptOf("x".repeat(30), 10)).toBe(`${"x".repeat(10)}…`);
  });
  it("Slack gets the author, the team, the object and a link, with user text escaped", () => {
    const req = slackMention(
      {
        by: { handle: "ana", name: "Ana <b>" },
        team: { handle: "payments", name: "Payments & Co" },
        on: { kind: "monitor.comment", title: "monitor Checkout burn", excerpt: "<!here> look" },
        url: "https://vigil.example/monitors/mon_1",
        at: 0,
      },
      { webhookUrl: "https://hooks.slack.example/T/1" },
    );
    expect(req.url).toBe("https://hooks.slack.example/T/1");
    const body = req.body as { text: string; blocks: unknown[] };
    expect(body.text).toBe(":speech_balloon: Ana &lt;b&gt; (@ana) mentioned @payments on monitor Checkout burn");
    expect(JSON.stringify(body.blocks)).toContain("> &lt;!here&gt; look");
    expect(JSON.stringify(body.blocks)).toContain(
      "<https://vigil.example/monitors/mon_1|Open in Vigil> · team Payments &amp; Co",
    );
  });
});

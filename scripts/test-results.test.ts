import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./lib.mjs";
import { countResults } from "./test-results.mjs";

// The shape vitest's JSON reporter writes (checked against a real run: statuses passed, failed, skipped, todo).
const report = {
  testResults: [
    {
      name: path.join(root, "test/e2e/a.e2e.test.ts"),
      assertionResults: [
        { status: "passed", fullName: "a works" },
        { status: "skipped", fullName: "a needs a GPU" },
        { status: "todo", fullName: "a later" },
      ],
    },
    {
      name: path.join(root, "core/b.test.ts"),
      assertionResults: [
        {
          status: "failed",
          fullName: "b",
          failureMessages: ["AssertionError: expected 1 to be 2\n    at b.test.ts:3"],
        },
      ],
    },
    { name: path.join(root, "core/c.test.ts"), status: "failed", message: "Hook timed out", assertionResults: [] },
  ],
};

describe("npm test's reading of vitest results", () => {
  it("counts passed and failed and lists every test that did not run", () => {
    const c = countResults(report, []);
    expect([c.passed, c.failed]).toEqual([1, 1]);
    expect(c.skipped).toEqual(["test/e2e/a.e2e.test.ts > a needs a GPU", "test/e2e/a.e2e.test.ts > a later"]);
    expect(c.unallowed).toEqual(c.skipped);
    expect(c.failures).toEqual([
      { id: "core/b.test.ts > b", message: "AssertionError: expected 1 to be 2\n    at b.test.ts:3" },
      { id: "core/c.test.ts", message: "Hook timed out" },
    ]);
  });

  it("lets through only the skips named in the allow-list, by file and full name", () => {
    const allowed = [
      { file: "test/e2e/a.e2e.test.ts", test: "a needs a GPU", why: "no GPU here" },
      { file: "test/e2e/other.e2e.test.ts", test: "a later", why: "wrong file" },
    ];
    expect(countResults(report, allowed).unallowed).toEqual(["test/e2e/a.e2e.test.ts > a later"]);
  });
});

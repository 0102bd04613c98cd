// Reading vitest's JSON report for npm test: pass/fail counts, and every skipped test (skip, todo, skipIf)
// checked against an explicit allow-list, so a test that quietly stops running fails the run.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./lib.mjs";

/** test/allowed-skips.json: [{ "file": "test/e2e/x.e2e.test.ts", "test": "full test name", "why": "…" }]. */
export function readAllowedSkips(file) {
  if (!existsSync(file)) return [];
  const list = JSON.parse(readFileSync(file, "utf8"));
  for (const e of list)
    if (typeof e.file !== "string" || typeof e.test !== "string" || typeof e.why !== "string" || !e.why.trim())
      throw new Error(`${file}: every entry needs file, test and a non-empty why (got ${JSON.stringify(e)})`);
  return list;
}

const SKIPPED = new Set(["skipped", "pending", "todo", "disabled"]);

/** Counts from a vitest JSON report; `failures` names each failed test (or file) with its message's head;
 * `skipped` lists "file > full name" of every test that did not run. */
export function countResults(report, allowed) {
  let passed = 0;
  let failed = 0;
  const skipped = [];
  const unallowed = [];
  const failures = [];
  for (const file of report.testResults ?? []) {
    const rel = path.relative(root, file.name);
    // A file that failed to load or whose hook threw has a message and maybe no failed test.
    if (file.status === "failed" && file.message) failures.push({ id: rel, message: firstLines(file.message) });
    for (const t of file.assertionResults ?? []) {
      if (t.status === "passed") passed++;
      else if (t.status === "failed") {
        failed++;
        failures.push({ id: `${rel} > ${t.fullName}`, message: firstLines((t.failureMessages ?? []).join("\n")) });
      } else if (SKIPPED.has(t.status)) {
        const id = `${rel} > ${t.fullName}`;
        skipped.push(id);
        if (!allowed.some((a) => a.file === rel && a.test === t.fullName)) unallowed.push(id);
      }
    }
  }
  return { passed, failed, skipped, unallowed, failures };
}

/** The head of a failure message: enough to see what broke in a log that keeps only its tail. */
function firstLines(message, lines = 12) {
  return message.split("\n").slice(0, lines).join("\n");
}

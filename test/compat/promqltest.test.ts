// Prometheus' own PromQL tests (promql/promqltest/testdata of v2.53.5, vendored under Apache-2.0 with its
// NOTICE) run through Vigil's HTTP API: series written by remote_write, every eval checked as an instant query,
// as a range query and with `@` pinned, as Prometheus' harness does. Nothing is fetched at test time.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningVigil, startVigil } from "./harness";
import { type CaseResult, runScripts } from "./promqltest/run";
import { parseScript } from "./promqltest/script";

const dir = fileURLToPath(new URL("./promqltest/testdata", import.meta.url));

/** Cases Vigil is known to answer differently, with the reason. Empty is the goal; each entry is a gap. */
const KNOWN: Record<string, string> = {};

describe("promqltest (Prometheus v2.53.5 testdata) through Vigil's HTTP API", () => {
  let vigil: RunningVigil;
  beforeAll(async () => {
    // The scripts' blocks are loaded at day-aligned bases up to a few months back.
    vigil = await startVigil({ port: 18130, vars: { RETENTION_DAYS: "3650" } });
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it("passes every float and native histogram case", async () => {
    const names = readdirSync(dir)
      .filter((f) => f.endsWith(".test"))
      .sort();
    const texts = Object.fromEntries(names.map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));
    const files = names.map((f) => [f, parseScript(texts[f])] as [string, ReturnType<typeof parseScript>]);
    const results: CaseResult[] = await runScripts({ url: vigil.url, token: vigil.token }, files, Date.now(), texts);
    const run = results.filter((r) => r.status !== "skip");
    const passed = run.filter((r) => r.status === "pass").length;
    const skips = new Map<string, number>();
    for (const r of results) if (r.status === "skip") skips.set(r.reason!, (skips.get(r.reason!) ?? 0) + 1);
    console.log(`promqltest: ${passed}/${run.length} passed`);
    for (const [reason, n] of skips) console.log(`  skipped ${n}: ${reason}`);
    const failures = run.filter((r) => r.status === "fail");
    for (const f of failures) console.log(`  FAIL ${f.file}:${f.line} ${f.expr}\n       ${f.reason}`);
    expect(run.length).toBeGreaterThan(750);
    const unexpected = failures.filter((f) => !(`${f.file}:${f.line}` in KNOWN));
    expect(unexpected.map((f) => `${f.file}:${f.line} ${f.expr}: ${f.reason}`)).toEqual([]);
  });
});

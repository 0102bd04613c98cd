#!/usr/bin/env node
// npm test: every suite, in order, never silently skipped. Prints "N passed, N failed" at the end, with the
// skipped count of each suite; a skipped test not named in test/allowed-skips.json fails the run.
//   checks   biome (format + lint), import rules (dependency-cruiser), tsc --noEmit (API and web), vite build, wrangler deploy --dry-run
//   unit     pure core and web helpers (vitest, Node)
//   workers  integration tests inside workerd with real D1 and Durable Objects (vitest-pool-workers)
//   compat   against a real Prometheus and the real OpenTelemetry SDK exporters (test/compat)
//   e2e      a real Chromium walking the incident story (test/e2e)
//   bench    every benchmark in quick mode (VIGIL_BENCH_QUICK=1): its assertions on small inputs, no figures
// `npm test -- unit workers` runs only the named suites.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { bin, ensureDependencies, ensureSystemPackages, localEnv, root, run } from "./lib.mjs";
import { countResults, readAllowedSkips } from "./test-results.mjs";

const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const want = (name) => only.length === 0 || only.includes(name);

ensureDependencies();
if (want("compat") || want("e2e") || want("bench")) {
  ensureSystemPackages([
    { bin: "prometheus", pkg: "prometheus" },
    { bin: "chromium", pkg: "chromium" },
    { bin: "amtool", pkg: "prometheus-alertmanager" },
  ]);
}

const outDir = path.join(root, ".vigil", "test-results");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const allowedSkips = readAllowedSkips(path.join(root, "test", "allowed-skips.json"));
const results = [];
const failures = [];
let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  console.log(`\n━━ ${name}: ${cmd.replace(root + "/", "")} ${args.join(" ")}`);
  const code = run(cmd, args);
  results.push({ name, ok: code === 0 });
  if (code === 0) passed++;
  else failed++;
  return code === 0;
}

/**
 * Hang guard per suite, in minutes: about three times a normal run on a loaded 2-core machine. Never a speed
 * check: it exists so one hung suite (a workerd stuck in a loop) is killed, named and followed by the other
 * suites, instead of eating CI's whole 90 minutes with nothing said. VIGIL_SUITE_TIMEOUT_MIN overrides all.
 */
const HANG_GUARD_MIN = { unit: 10, workers: 20, compat: 40, e2e: 45, bench: 20 };

function vitestSuite(name, args, env = {}) {
  const json = path.join(outDir, `${name}.json`);
  console.log(`\n━━ ${name}: vitest ${args.join(" ")}`);
  const minutes = Number(process.env.VIGIL_SUITE_TIMEOUT_MIN) || HANG_GUARD_MIN[name] || 30;
  // GNU timeout signals its whole process group, so vitest's workerd and Chromium children go too.
  const code = run(
    "timeout",
    [
      "--kill-after=30s",
      `${minutes}m`,
      bin("vitest"),
      "run",
      ...args,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${json}`,
    ],
    { env: { ...localEnv, ...env } },
  );
  if (code === 124 || code === 137) {
    const message = `${name} did not finish within ${minutes} min and was stopped (hang guard); the files still running are those not listed as done above`;
    console.error(`✗ ${message}`);
    failures.push({ suite: name, id: `${name} (whole suite)`, message });
  }
  const r = existsSync(json) ? JSON.parse(readFileSync(json, "utf8")) : null;
  const c = r ? countResults(r, allowedSkips) : { passed: 0, failed: 0, skipped: [], unallowed: [] };
  let f = c.failed;
  if (r && !r.success && f === 0) f = 1; // a file that failed to load, a hook that threw
  if (code !== 0 && f === 0) f = 1;
  if (c.passed + f === 0) {
    console.error(`✗ suite ${name} ran no test`);
    f = 1;
  }
  for (const x of c.failures ?? []) failures.push({ suite: name, ...x });
  const allowedHere = c.skipped.filter((id) => !c.unallowed.includes(id));
  if (allowedHere.length) console.log(`  ${name}: ${allowedHere.length} skipped, allowed in test/allowed-skips.json`);
  if (c.unallowed.length) {
    console.error(`✗ ${name}: ${c.unallowed.length} skipped test(s) not in test/allowed-skips.json:`);
    for (const u of c.unallowed) console.error(`    ${u}`);
    f += c.unallowed.length;
  }
  passed += c.passed;
  failed += f;
  results.push({ name, ok: code === 0 && f === 0, passed: c.passed, failed: f, skipped: c.skipped.length });
}

if (want("checks")) {
  step("format and lint", bin("biome"), ["ci", "--error-on-warnings", "."]);
  step("import rules", bin("depcruise"), [
    "--config",
    ".dependency-cruiser.cjs",
    "core",
    "platform",
    "worker",
    "durable",
    "web/src",
  ]);
  step("typecheck api", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
  step("typecheck web", bin("tsc"), ["--noEmit", "-p", "web/tsconfig.json"]);
  step("typecheck e2e", bin("tsc"), ["--noEmit", "-p", "test/e2e/tsconfig.json"]);
  step("build web", bin("vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
  step("deploy dry-run", bin("wrangler"), [
    "deploy",
    "--dry-run",
    "--outdir",
    ".wrangler/dry-run",
    "--config",
    "wrangler.jsonc",
  ]);
}
if (want("unit")) vitestSuite("unit", ["--project", "unit"]);
if (want("workers")) vitestSuite("workers", ["--project", "workers"]);
if (want("compat")) vitestSuite("compat", ["--config", "test/compat/vitest.config.ts"]);
if (want("e2e")) vitestSuite("e2e", ["--config", "test/e2e/vitest.config.ts"]);
if (want("bench")) {
  // The benches start Vigil on workerd, which needs the built web app (checks builds it; a lone run may not).
  if (!existsSync(path.join(root, "dist", "client", "index.html")))
    run(bin("vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn", "--emptyOutDir", "false"]);
  vitestSuite("bench", ["--config", "bench/vitest.config.ts"], { VIGIL_BENCH_QUICK: "1" });
}

// Failures are repeated here, last, because CI logs keep only the tail of the run.
if (failures.length) {
  console.log("\n━━ failures");
  for (const f of failures) console.log(`✗ [${f.suite}] ${f.id}\n${f.message.replace(/^/gm, "    ")}`);
}

console.log("\n━━ summary");
for (const r of results) {
  const counts = r.passed !== undefined ? ` (${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped)` : "";
  console.log(`${r.ok ? "✓" : "✗"} ${r.name}${counts}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

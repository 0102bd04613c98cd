#!/usr/bin/env node
// npm test: every suite, in order, never silently skipped. Prints "N passed, N failed" at the end.
//   checks   biome (format + lint), import rules (dependency-cruiser), tsc --noEmit (API and web), vite build, wrangler deploy --dry-run
//   unit     pure core and web helpers (vitest, Node)
//   workers  integration tests inside workerd with real D1 and Durable Objects (vitest-pool-workers)
//   compat   against a real Prometheus and the real OpenTelemetry SDK exporters (test/compat)
//   e2e      a real Chromium walking the incident story (test/e2e)
// `npm test -- unit workers` runs only the named suites.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { bin, ensureDependencies, ensureSystemPackages, root, run } from "./lib.mjs";

const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const want = (name) => only.length === 0 || only.includes(name);

ensureDependencies();
if (want("compat") || want("e2e")) {
  ensureSystemPackages([
    { bin: "prometheus", pkg: "prometheus" },
    { bin: "chromium", pkg: "chromium" },
    { bin: "amtool", pkg: "prometheus-alertmanager" },
  ]);
}

const outDir = path.join(root, ".vigil", "test-results");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const results = [];
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

function vitestSuite(name, args) {
  const json = path.join(outDir, `${name}.json`);
  console.log(`\n━━ ${name}: vitest ${args.join(" ")}`);
  const code = run(bin("vitest"), [
    "run",
    ...args,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${json}`,
  ]);
  let p = 0;
  let f = 0;
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, "utf8"));
    p = r.numPassedTests ?? 0;
    f = (r.numFailedTests ?? 0) + (r.numTotalTestSuites && !r.success && r.numFailedTests === 0 ? 1 : 0);
  } else if (code !== 0) f = 1;
  if (code !== 0 && f === 0) f = 1;
  if (p + f === 0) {
    console.error(`✗ suite ${name} ran no test`);
    f = 1;
  }
  passed += p;
  failed += f;
  results.push({ name, ok: code === 0 && f === 0, passed: p, failed: f });
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

console.log("\n━━ summary");
for (const r of results) {
  const counts = r.passed !== undefined ? ` (${r.passed} passed, ${r.failed} failed)` : "";
  console.log(`${r.ok ? "✓" : "✗"} ${r.name}${counts}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

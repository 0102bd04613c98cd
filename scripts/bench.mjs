#!/usr/bin/env node
// npm run bench [-- filter]: every benchmark under bench/ (vitest, Node), one file at a time so they do not
// disturb each other. Each prints its ratios against its in-run reference; results also land in bench/out/.
import { bin, ensureDependencies, ensureSystemPackages, run, runOrDie } from "./lib.mjs";

ensureDependencies();
ensureSystemPackages([
  { bin: "prometheus", pkg: "prometheus" },
  { bin: "chromium", pkg: "chromium" },
]);
// wrangler dev refuses to start without the web app's assets directory: build it (a fresh clone has none).
runOrDie(bin("vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
const code = run(bin("vitest"), [
  "run",
  "--config",
  "bench/vitest.config.ts",
  "--reporter=verbose",
  "--silent=false",
  ...process.argv.slice(2),
]);
process.exit(code);

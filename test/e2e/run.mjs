#!/usr/bin/env node
// npm run test:e2e: the browser suite alone.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const r = spawnSync(
  path.join(root, "node_modules/.bin/vitest"),
  ["run", "--config", "test/e2e/vitest.config.ts", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
process.exit(r.status ?? 1);

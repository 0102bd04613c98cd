import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { bundleForRun, repoRoot } from "../compat/harness";

/** Builds without emptying dist/client first: another Vigil serving it (a second e2e run, `npm start`) keeps
 * finding the hashed assets its index.html names while the new build lands. */
export default function setup(): () => void {
  mkdirSync(path.join(repoRoot, "test/e2e/out"), { recursive: true });
  const r = spawnSync(
    path.join(repoRoot, "node_modules/.bin/vite"),
    ["build", "--config", "web/vite.config.ts", "--logLevel", "warn", "--emptyOutDir", "false"],
    {
      cwd: repoRoot,
      encoding: "utf8",
      // vitest sets NODE_ENV=test, which Vite would build as a non-production app (import.meta.env.PROD false:
      // no service worker, Solid's dev build). The browser suite tests what users get.
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  // One worker bundle for every Vigil the suite starts (each file starts its own on fresh state).
  return bundleForRun();
}

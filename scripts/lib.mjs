// Shared helpers for the project's Node scripts (start, test, bench, scenario).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const localEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_UPDATE_NOTIFIER: "1",
};

export function bin(name) {
  return path.join(root, "node_modules", ".bin", name);
}

/** Run a command in the foreground, inheriting stdio; returns the exit code. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: localEnv, ...opts });
  return r.status ?? 1;
}

export function runOrDie(cmd, args, opts = {}) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(" ")} exited with ${code}`);
    process.exit(code);
  }
}

/** Every package the lock file names is installed at the version it names (a rebase rewrites the lock's mtime). */
function installedMatchesLock(marker, lock) {
  try {
    const want = JSON.parse(readFileSync(lock, "utf8")).packages ?? {};
    const have = JSON.parse(readFileSync(marker, "utf8")).packages ?? {};
    return Object.entries(want).every(([k, v]) => k === "" || v.optional || have[k]?.version === v.version);
  } catch {
    return false;
  }
}

/**
 * npm dependencies: install when node_modules is missing or differs from the lock file. Comparing versions, not
 * only mtimes, matters: `npm ci` deletes node_modules first, and inside a network namespace without network
 * (how tests run here) it then fails and leaves nothing installed.
 */
export function ensureDependencies() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  if (existsSync(marker) && installedMatchesLock(marker, lock)) return;
  console.log("• installing npm dependencies (npm ci)…");
  runOrDie("npm", ["ci", "--no-audit", "--no-fund"]);
}

export function which(name) {
  const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Debian packages the suites need. Installed through apt-get when we are root; otherwise named exactly. */
export function ensureSystemPackages(wanted) {
  const missing = wanted.filter((w) => !which(w.bin));
  if (missing.length === 0) return;
  const pkgs = missing.map((m) => m.pkg);
  if (process.getuid && process.getuid() === 0) {
    console.log(`• installing Debian packages: ${pkgs.join(" ")}`);
    const env = { ...localEnv, DEBIAN_FRONTEND: "noninteractive" };
    if (
      run("apt-get", ["update", "-qq"], { env }) !== 0 ||
      run("apt-get", ["install", "-y", "--no-install-recommends", ...pkgs], { env }) !== 0
    ) {
      console.error(`✗ apt-get could not install ${pkgs.join(" ")}`);
      process.exit(1);
    }
    return;
  }
  console.error(
    `✗ missing system packages: ${pkgs.join(" ")}.\n  Install them with: sudo apt-get install -y --no-install-recommends ${pkgs.join(" ")}`,
  );
  process.exit(1);
}

export function readDevVars() {
  const file = path.join(root, ".dev.vars");
  if (!existsSync(file)) return {};
  const out = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)\s*=\s*"?([^"]*)"?\s*$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export async function waitForHttp(url, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}

export { spawn };

// Real processes for compatibility tests and benchmarks: a Vigil (scripts/serve.mjs: the deploy bundle on one
// workerd, fresh local state) and a real Prometheus (Debian package) with the remote-write receiver, on loopback.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_UPDATE_NOTIFIER: "1",
};

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export interface RunningVigil extends Running {
  token: string;
  /** The process that runs workerd (as its descendant), when this harness started it. */
  pid?(): number | undefined;
  /** A V8 inspector for workerd's isolate, when one is open (scripts/serve.mjs opens none). */
  inspectorPort?: number;
}

export interface RestartOptions {
  /** SIGTERM: a clean stop (a deploy, systemd). SIGKILL: a crash, nothing flushed. Default SIGTERM. */
  signal?: "SIGTERM" | "SIGKILL";
  /** Runs once every Vigil process (node and workerd) has exited, before the new one starts. */
  whileDown?: () => Promise<void>;
}

export interface RestartableVigil extends RunningVigil {
  /** Stop the whole Vigil (node and workerd) and start it again on the same port and state, as after a deploy
   * or a crash. `restart(whileDown, { signal })` is the same as `restart({ whileDown, signal })`. */
  restart(opts?: RestartOptions | (() => Promise<void>), more?: Omit<RestartOptions, "whileDown">): Promise<void>;
  /** The process group of the running Vigil (node serve.mjs and its workerd). */
  pid(): number;
  /** Its local state (`--persist-to`): for a test that must plant what no API hands out, e.g. a push page's token. */
  stateDir: string;
}

async function waitFor(url: string, child: ChildProcess, log: () => string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${url} answered:\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${log()}`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signal a whole process group (a detached child and everything it started) and wait until none is left. */
async function killGroup(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  groups.delete(pgid);
  try {
    process.kill(-pgid, signal);
  } catch {
    return; // already gone
  }
  const hard = Date.now() + graceMs;
  while (groupAlive(pgid)) {
    if (Date.now() > hard) process.kill(-pgid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every Vigil still running when the test process exits (a crash, a timeout) is killed with it. */
const groups = new Set<number>();
process.on("exit", () => {
  for (const g of groups) {
    try {
      process.kill(-g, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

function capture(child: ChildProcess): () => string {
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => out;
}

/** Fresh local state with every D1 migration applied. Applying them through wrangler takes minutes on a loaded
 * machine, so the migrated state is made once per set of migrations (keyed by their contents) and copied. */
function migrate(dir: string): void {
  const migrations = path.join(repoRoot, "migrations");
  const hash = createHash("sha256");
  for (const f of readdirSync(migrations).sort()) hash.update(f).update(readFileSync(path.join(migrations, f)));
  const cached = path.join(repoRoot, ".vigil", "test-cache", `d1-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(cached)) {
    const wrangler = path.join(repoRoot, "node_modules", ".bin", "wrangler");
    const mig = spawnSync(wrangler, ["d1", "migrations", "apply", "vigil", "--local", "--persist-to", dir], {
      cwd: repoRoot,
      env: { ...env, CI: "true" },
      encoding: "utf8",
    });
    if (mig.status !== 0) throw new Error(`d1 migrations failed: ${mig.stdout}\n${mig.stderr}`);
    // Another test process may be making the same cache: build it aside, then one atomic rename wins.
    mkdirSync(path.dirname(cached), { recursive: true });
    const aside = mkdtempSync(`${cached}.tmp-`);
    cpSync(dir, aside, { recursive: true });
    try {
      renameSync(aside, cached);
    } catch {
      rmSync(aside, { recursive: true, force: true });
    }
    return;
  }
  cpSync(cached, dir, { recursive: true });
}

const SHARED_BUNDLE = "VIGIL_TEST_BUNDLE";

/**
 * Bundle the worker once for a whole test run (a suite's global setup) instead of once per Vigil: every start
 * ran `wrangler deploy --dry-run` (the args of scripts/serve.mjs bundleWorker), ~10 s each on a loaded machine,
 * some thirty times per `npm test`, always for the same sources. The path travels to the test files in the
 * environment; the returned function removes the bundle (the global setup's teardown).
 */
export function bundleForRun(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-test-bundle-"));
  const r = spawnSync(
    path.join(repoRoot, "node_modules", ".bin", "wrangler"),
    ["deploy", "--dry-run", "--outdir", dir, "--config", path.join(repoRoot, "wrangler.jsonc")],
    { cwd: repoRoot, env, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`bundling the worker failed:\n${r.stdout}\n${r.stderr}`);
  process.env[SHARED_BUNDLE] = dir;
  return () => {
    delete process.env[SHARED_BUNDLE];
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Each Vigil gets its own copy of the run's bundle (scripts/serve.mjs serves a bundle dir that holds one, and
 * bundles there itself when there is none: a test file run without the global setup). */
function seedBundle(bundleDir: string): void {
  const shared = process.env[SHARED_BUNDLE];
  if (shared && existsSync(path.join(shared, "index.js"))) cpSync(shared, bundleDir, { recursive: true });
}

/** Start Vigil on workerd with its own fresh D1/Durable Object state; migrations applied first. PUBLIC_URL
 * defaults to where it is served, as `npm start` does. */
export async function startVigil(opts: {
  port: number;
  vars?: Record<string, string>;
  /** Accepted for tests written against wrangler dev; one workerd via Miniflare opens no inspector here. */
  inspectorPort?: number;
}): Promise<RestartableVigil> {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-state-"));
  const token = `vgl_compat_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  migrate(dir);
  const url = `http://127.0.0.1:${opts.port}`;
  const vars = { VIGIL_ADMIN_TOKEN: token, PUBLIC_URL: url, ...opts.vars };
  // One bundle for the life of this Vigil: a restart serves the same code, as a restarted deployment would.
  const args = [
    path.join(repoRoot, "scripts", "serve.mjs"),
    "--port",
    String(opts.port),
    "--persist-to",
    dir,
    "--bundle-dir",
    path.join(dir, "bundle"),
  ];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  seedBundle(path.join(dir, "bundle"));
  // Its own process group: a restart or a stop reaches workerd too, even after a SIGKILL of node.
  // Everything the server prints, across restarts, for reading after a failure.
  const logFile = path.join(repoRoot, ".vigil", "test-logs", `vigil-${opts.port}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  writeFileSync(logFile, "");
  const launch = () => {
    const c = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    if (c.pid !== undefined) groups.add(c.pid);
    appendFileSync(logFile, `\n== ${new Date().toISOString()} started pid ${c.pid}\n`);
    const keep = (d: Buffer) => appendFileSync(logFile, d);
    c.stdout?.on("data", keep);
    c.stderr?.on("data", keep);
    c.once("exit", (code, sig) => appendFileSync(logFile, `== ${new Date().toISOString()} exited ${code ?? sig}\n`));
    return c;
  };
  let child = launch();
  let log = capture(child);
  // Reads the current child: after a restart it stops the new process.
  const stop = async () => {
    await killGroup(child, "SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${url}/api/health`, child, log);
  } catch (e) {
    await stop();
    throw e;
  }
  const restart = async (
    o: RestartOptions | (() => Promise<void>) = {},
    more: Omit<RestartOptions, "whileDown"> = {},
  ) => {
    const { signal = "SIGTERM", whileDown } = typeof o === "function" ? { ...more, whileDown: o } : { ...more, ...o };
    await killGroup(child, signal);
    await whileDown?.();
    child = launch();
    log = capture(child);
    await waitFor(`${url}/api/health`, child, log);
  };
  return { url, token, stop, restart, pid: () => child.pid ?? 0, stateDir: dir };
}

/** Start a real Prometheus with the remote-write receiver and an optional extra config (e.g. remote_write to Vigil). */
export async function startPrometheus(opts: {
  port: number;
  config?: string;
  extraArgs?: string[];
}): Promise<Running & { dataDir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-prom-"));
  const configFile = path.join(dir, "prometheus.yml");
  writeFileSync(configFile, opts.config ?? "global:\n  scrape_interval: 15s\n");
  const child = spawn(
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${opts.port}`,
      "--web.enable-remote-write-receiver",
      "--web.enable-admin-api",
      "--log.level=warn",
      ...(opts.extraArgs ?? []),
    ],
    { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const log = capture(child);
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = stopper(child, dir);
  try {
    await waitFor(`${url}/-/ready`, child, log, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop, dataDir: path.join(dir, "data") };
}

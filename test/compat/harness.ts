// Real processes for compatibility tests and benchmarks: a Vigil (wrangler dev on workerd, fresh local
// state) and a real Prometheus (Debian package) with the remote-write receiver, both on loopback.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
}

export interface RestartableVigil extends RunningVigil {
  /** Stop workerd and start it again on the same port and state (a deploy or a crash, as clients see it).
   * `whileDown` runs after the old process has exited and before the new one starts. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, log: () => string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null)
      throw new Error(`process exited (${child.exitCode}) before ${url} answered:\n${log()}`);
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

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
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

/** Start Vigil on workerd with its own fresh D1/Durable Object state; migrations applied first. */
export async function startVigil(opts: {
  port: number;
  vars?: Record<string, string> /** default port + 50 */;
  inspectorPort?: number;
}): Promise<RestartableVigil> {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-state-"));
  const token = `vgl_compat_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const wrangler = path.join(repoRoot, "node_modules", ".bin", "wrangler");
  const mig = spawnSync(wrangler, ["d1", "migrations", "apply", "vigil", "--local", "--persist-to", dir], {
    cwd: repoRoot,
    env: { ...env, CI: "true" },
    encoding: "utf8",
  });
  if (mig.status !== 0) throw new Error(`d1 migrations failed: ${mig.stdout}\n${mig.stderr}`);
  const vars = { VIGIL_ADMIN_TOKEN: token, ...opts.vars };
  const args = [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(opts.port),
    "--persist-to",
    dir,
    "--show-interactive-dev-session=false",
    "--inspector-port",
    String(opts.inspectorPort ?? opts.port + 50),
  ];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const url = `http://127.0.0.1:${opts.port}`;
  let child = spawn(wrangler, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = capture(child);
  // The stopper reads the current child: after a restart it stops the new process.
  const stop = () => stopper(child, dir)();
  try {
    await waitFor(`${url}/api/health`, child, log);
  } catch (e) {
    await stop();
    throw e;
  }
  const restart = async (whileDown?: () => Promise<void>) => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    await whileDown?.();
    child = spawn(wrangler, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    log = capture(child);
    await waitFor(`${url}/api/health`, child, log);
  };
  return { url, token, stop, restart };
}

/** Start a real Prometheus with the remote-write receiver and an optional extra config (e.g. remote_write to Vigil). */
export async function startPrometheus(opts: { port: number; config?: string; extraArgs?: string[] }): Promise<Running> {
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
  return { url, stop };
}

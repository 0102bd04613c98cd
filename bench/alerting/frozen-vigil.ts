// A Vigil on workerd that does not reload while the bench runs: the worker is bundled once (wrangler deploy
// --dry-run) into a temp dir and `wrangler dev` serves that bundle, so edits elsewhere in the working tree
// (other engineers, other features) do not restart it and drop a thousand WebSockets mid-measurement.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot, type RunningVigil } from "../../test/compat/harness";

const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_UPDATE_NOTIFIER: "1",
  CI: "true",
};
const wrangler = path.join(repoRoot, "node_modules", ".bin", "wrangler");

function run(args: string[], cwd: string): void {
  const r = spawnSync(wrangler, args, { cwd, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
}

export async function startFrozenVigil(opts: { port: number; vars?: Record<string, string> }): Promise<RunningVigil> {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-frozen-"));
  run(
    ["deploy", "--dry-run", "--outdir", path.join(dir, "bundle"), "--config", path.join(repoRoot, "wrangler.jsonc")],
    repoRoot,
  );
  mkdirSync(path.join(dir, "client"), { recursive: true });
  // wrangler.jsonc has comments; strip whole-line ones (the file uses no inline comments in values).
  const base = JSON.parse(readFileSync(path.join(repoRoot, "wrangler.jsonc"), "utf8").replace(/^\s*\/\/.*$/gm, ""));
  const cfg = {
    ...base,
    main: "bundle/index.js",
    no_bundle: true,
    find_additional_modules: false,
    assets: { ...base.assets, directory: "client" },
    d1_databases: base.d1_databases.map((d: Record<string, string>) => ({
      ...d,
      migrations_dir: path.join(repoRoot, "migrations"),
    })),
  };
  writeFileSync(path.join(dir, "wrangler.json"), JSON.stringify(cfg));
  const state = path.join(dir, "state");
  run(["d1", "migrations", "apply", "vigil", "--local", "--persist-to", state, "--config", "wrangler.json"], dir);
  const token = `vgl_bench_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const args = [
    "dev",
    "--config",
    "wrangler.json",
    "--ip",
    "127.0.0.1",
    "--port",
    String(opts.port),
    "--persist-to",
    state,
    "--show-interactive-dev-session=false",
    "--inspector-port",
    String(opts.port + 50),
  ];
  for (const [k, v] of Object.entries({ VIGIL_ADMIN_TOKEN: token, ...opts.vars })) args.push("--var", `${k}:${v}`);
  const child = spawn(wrangler, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (d) => (log = (log + d).slice(-10_000)));
  child.stderr?.on("data", (d) => (log = (log + d).slice(-10_000)));
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, token, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`frozen Vigil did not start:\n${log}`);
}

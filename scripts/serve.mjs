#!/usr/bin/env node
// Vigil on one workerd process, serving its port itself: the production bundle (`wrangler deploy --dry-run`)
// run by Miniflare with the bindings, Durable Objects, D1 and assets of wrangler.jsonc.
//
// Why not `wrangler dev`: its dev proxy is a second workerd that forwards every request over a pooled HTTP
// connection. kj closes an idle connection after 5 s on both ends, so a request sent ~5 s after the last one
// can meet a connection that is closing. The proxy then compares the failed URL with the worker's base URL
// (they differ for any path but "/") and takes the failure for a worker restart: a POST gets 503 "Your worker
// restarted mid-request", a GET is parked until the next reload, which may never come (see docs/ARCHITECTURE.md,
// "Serving locally"). Here there is no second hop: the entry socket belongs to the worker's own workerd.
//
// CLI: node scripts/serve.mjs --port 8787 [--ip 127.0.0.1] [--persist-to .wrangler/state] [--bundle-dir DIR]
//   [--var K:V]...   (VIGIL_INSPECT_PORT=9229 opens the V8 inspector, for CPU profiles)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Log, LogLevel, Miniflare } from "miniflare";
import { bin, localEnv, root } from "./lib.mjs";
import { watchRuntime } from "./workerd-watch.mjs";

/** Bundle the worker exactly as `wrangler deploy` would (same esbuild settings, same nodejs_compat shims). */
export function bundleWorker(outDir) {
  const r = spawnSync(
    bin("wrangler"),
    ["deploy", "--dry-run", "--outdir", outDir, "--config", path.join(root, "wrangler.jsonc")],
    { cwd: root, env: localEnv, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`bundling the worker failed:\n${r.stdout}\n${r.stderr}`);
  return path.join(outDir, "index.js");
}

/**
 * Start Vigil. `vars` override wrangler.jsonc's. `bundleDir`: reuse the bundle there, or make it there (a
 * restart then serves the same code, as a restarted deployment would); default a temporary one.
 * `onRuntimeExit(info)` is called when workerd dies under us (killed, crashed); it returns true to have it
 * started again on the same state, false to give up.
 */
export async function serve({
  port,
  host = "127.0.0.1",
  persistTo,
  vars = {},
  bundleDir,
  verbose = false,
  onRuntimeExit,
}) {
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const outDir = bundleDir ?? mkdtempSync(path.join(tmpdir(), "vigil-bundle-"));
  const existing = path.join(outDir, "index.js");
  const scriptPath = bundleDir && existsSync(existing) ? existing : bundleWorker(outDir);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(root, "wrangler.jsonc"));
  const options = {
    host,
    port,
    defaultPersistRoot: path.join(path.resolve(root, persistTo ?? ".wrangler/state"), "v3"),
    log: new Log(verbose ? LogLevel.INFO : LogLevel.WARN),
    logRequests: verbose,
    // No request for Cloudflare's `request.cf` sample: this machine may be offline, and Vigil does not read it.
    cf: false,
    inspectorPort: process.env.VIGIL_INSPECT_PORT ? Number(process.env.VIGIL_INSPECT_PORT) : undefined,
    workers: [
      {
        ...workerOptions,
        name: "vigil",
        modules: true,
        modulesRoot: outDir,
        scriptPath,
        bindings: { ...workerOptions.bindings, ...vars },
      },
    ],
  };
  const mf = new Miniflare(options);
  await mf.ready;
  const url = `http://${host}:${port}`;
  let stopping = false;
  const watcher = watchRuntime(process.pid, async (info) => {
    if (stopping) return false;
    if (!(await onRuntimeExit?.(info))) return false;
    await mf.setOptions(options);
    return true;
  });
  return {
    url,
    async stop() {
      stopping = true;
      watcher.stop();
      await mf.dispose();
      if (!bundleDir) rmSync(outDir, { recursive: true, force: true });
    },
  };
}

function parseArgs(argv) {
  const o = { port: 8787, host: "127.0.0.1", persistTo: undefined, bundleDir: undefined, vars: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === "--port") o.port = Number(next());
    else if (a === "--ip") o.host = next();
    else if (a === "--persist-to") o.persistTo = next();
    else if (a === "--bundle-dir") o.bundleDir = next();
    else if (a === "--var") {
      const kv = next();
      const at = kv.indexOf(":");
      o.vars[kv.slice(0, at)] = kv.slice(at + 1);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** An `onRuntimeExit` that starts workerd again, and gives up (calling `giveUp(reason)`) on a crash loop:
 * three deaths within a minute. */
export function restartUnlessLooping(giveUp) {
  const deaths = [];
  return (info) => {
    const now = Date.now();
    deaths.push(now);
    while (deaths[0] < now - 60_000) deaths.shift();
    if (deaths.length >= 3) {
      giveUp(`workerd died ${deaths.length} times within a minute (last: ${info.reason})`);
      return false;
    }
    console.error(`✗ workerd died (${info.reason}); starting it again on the same state…`);
    return true;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const o = parseArgs(process.argv.slice(2));
  const server = await serve({
    ...o,
    verbose: !!process.env.VIGIL_VERBOSE,
    onRuntimeExit: restartUnlessLooping((reason) => {
      console.error(`✗ ${reason}: stopping.`);
      process.exit(1);
    }),
  });
  console.log(`Ready on ${server.url}`);
  const shutdown = () => server.stop().then(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

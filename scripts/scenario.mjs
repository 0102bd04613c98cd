#!/usr/bin/env node
// Steer the running demo simulator: npm run scenario -- deploy-bad | rollback | reset | status
// It talks to the simulator's control port (127.0.0.1:8788, or what .vigil/demo.json says).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./lib.mjs";

const actions = ["deploy-bad", "rollback", "reset", "status"];
const args = process.argv.slice(2);
const action = args.find((a) => !a.startsWith("--"));
const flag = args.find((a) => a.startsWith("--control="));
if (!action || !actions.includes(action)) {
  console.error(`usage: npm run scenario -- ${actions.join(" | ")} [--control=http://127.0.0.1:8788]`);
  process.exit(2);
}

function controlUrl() {
  if (flag) return flag.slice("--control=".length);
  if (process.env.VIGIL_DEMO_CONTROL) return process.env.VIGIL_DEMO_CONTROL;
  const state = path.join(root, ".vigil", "demo.json");
  if (existsSync(state)) {
    try {
      const s = JSON.parse(readFileSync(state, "utf8"));
      if (s.control) return s.control;
    } catch {
      // fall back to the default port
    }
  }
  return "http://127.0.0.1:8788";
}

const base = controlUrl();
try {
  const res = await fetch(`${base}/${action}`, { method: action === "status" ? "GET" : "POST" });
  const body = await res.json();
  if (action === "status") console.log(JSON.stringify(body, null, 2));
  else console.log(body.message ?? JSON.stringify(body));
  process.exit(res.ok ? 0 : 1);
} catch (e) {
  console.error(`✗ the demo simulator does not answer on ${base} (${e.message}). Start it with: npm start`);
  process.exit(1);
}

import { defineConfig } from "vitest/config";
import { longFirst } from "../long-first-sequencer";

// Compatibility suite: real Prometheus, real OpenTelemetry SDK exporters, Vigil on workerd (scripts/serve.mjs).
// Most of its time is waiting (alerts firing after their `for`, the simulated incident developing, restarts),
// so files run three at a time. Each file therefore uses ports no other file uses (Vigil, Prometheus, simulator,
// receivers: a new file picks a free range), and startVigil gives each Vigil its own state directory and log
// (.vigil/test-logs/vigil-<port>.log).
const common = {
  environment: "node",
  testTimeout: 10 * 60_000,
  hookTimeout: 5 * 60_000,
} as const;

/** `npm start` (port.test.ts) rebuilds dist/client, which every other Vigil serves, and may write .dev.vars,
 * which every Vigil reads when it starts: it runs alone, after the others. */
const NPM_START = "test/compat/port.test.ts";

export default defineConfig({
  test: {
    globalSetup: ["test/compat/global-setup.ts"],
    // The longest files (mostly waiting) start first so the others fill the remaining workers around them.
    sequence: {
      sequencer: longFirst(["compat/restart.test.ts", "compat/demo.test.ts", "compat/demo-restart.test.ts"]),
    },
    projects: [
      {
        test: {
          ...common,
          name: "compat",
          include: ["test/compat/**/*.test.ts"],
          exclude: [NPM_START],
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...common,
          name: "compat-npm-start",
          include: [NPM_START],
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

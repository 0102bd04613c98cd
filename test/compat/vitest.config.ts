import { defineConfig } from "vitest/config";

// Compatibility suite: real Prometheus, real OpenTelemetry SDK exporters, Vigil on workerd (scripts/serve.mjs).
export default defineConfig({
  test: {
    name: "compat",
    environment: "node",
    include: ["test/compat/**/*.test.ts"],
    globalSetup: ["test/compat/global-setup.ts"],
    testTimeout: 10 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false,
  },
});

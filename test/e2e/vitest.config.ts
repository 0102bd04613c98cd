import { defineConfig } from "vitest/config";

// Real Chromium (Debian's /usr/bin/chromium) against a real Vigil on workerd. The web app is built once
// in the global setup; each file starts its own Vigil with fresh state on a port of its own.
export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 180_000,
    // Starting a Vigil (migrations, bundle, workerd) takes minutes when the 2 cores are shared by many agents.
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});

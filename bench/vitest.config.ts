import { defineConfig } from "vitest/config";

// Benchmarks are plain TypeScript run once each by `npm run bench`. They print ratios against a reference
// measured in the same run and write bench/out/<name>.json. They never assert on time.
export default defineConfig({
  test: {
    name: "bench",
    environment: "node",
    include: ["bench/**/*.bench.ts"],
    globalSetup: ["bench/global-setup.ts"],
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
    fileParallelism: false,
  },
});

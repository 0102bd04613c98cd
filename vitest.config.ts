import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// wrangler insists the assets directory exists; the API tests do not need the built web app in it.
mkdirSync(fileURLToPath(new URL("./dist/client", import.meta.url)), { recursive: true });

const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));

/** Web Push VAPID keys as scripts/vapid-keys.mjs makes them (fresh per run, never a key in the repo). */
function vapidKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pub = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(pub.x!, "base64url"), Buffer.from(pub.y!, "base64url")]);
  return { VAPID_PUBLIC_KEY: point.toString("base64url"), VAPID_PRIVATE_KEY: privateKey.export({ format: "jwk" }).d! };
}

export const TEST_ADMIN_TOKEN = "vgl_test_admin_token_do_not_use_in_production";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          // Hang protection only, never a speed assertion: property tests on a loaded 2-core machine take a while.
          testTimeout: 120_000,
          include: ["core/**/*.test.ts", "platform/**/*.test.ts", "web/src/**/*.test.ts", "scripts/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: "./worker/index.ts",
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                VIGIL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
                METRIC_SHARDS: "3",
                ...vapidKeys(),
              },
            },
          }),
        ],
        test: {
          name: "workers",
          testTimeout: 180_000,
          hookTimeout: 180_000,
          include: ["test/integration/**/*.test.ts"],
          setupFiles: ["./test/integration/setup.ts"],
        },
      },
    ],
  },
});

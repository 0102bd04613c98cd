import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";

const root = fileURLToPath(new URL(".", import.meta.url));

// The web app builds to dist/client, which the Worker serves as static assets (see wrangler.jsonc).
export default defineConfig({
  root,
  plugins: [
    solid(),
    // Installable app: the manifest, and our own service worker (web/src/sw.ts) with the shell's precache list
    // injected. Registered by web/src/lib/service-worker.ts, not by the plugin's loader (no extra initial JS).
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      injectRegister: false,
      registerType: "autoUpdate",
      includeAssets: ["icons/apple-touch-icon.png"],
      injectManifest: { globPatterns: ["**/*.{js,css,html,png,svg,woff2}"], maximumFileSizeToCacheInBytes: 3_000_000 },
      manifest: {
        id: "/",
        name: "Vigil",
        short_name: "Vigil",
        description: "Metrics, traces, logs and alerts at the edge; paged on your phone.",
        start_url: "/alerts",
        scope: "/",
        display: "standalone",
        // The manifest takes one colour; index.html's theme-color metas follow the light and dark themes.
        theme_color: "#0d1117",
        background_color: "#0d1117",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL("../dist/client", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
  },
  server: { proxy: { "/api": "http://127.0.0.1:8787", "/v1": "http://127.0.0.1:8787" } },
});

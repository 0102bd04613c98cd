// Import rules of the house (docs/ARCHITECTURE.md, "Layers"). Run by `npm test`'s checks and `npm run lint`.
// Type-only imports count: a circle of types is still a circle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No circles, type-only ones included.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      severity: "error",
      comment: "core/ runs anywhere: no runtime (cloudflare:*, node:*, hono, solid-js) and no other layer.",
      from: { path: "^core/" },
      to: {
        path: [
          "^platform/",
          "^worker/",
          "^durable/",
          "^web/",
          "^test/",
          "^bench/",
          "^scripts/",
          "^cloudflare:",
          "^node_modules/(hono|solid-js|@tanstack|@cloudflare|uplot|d3-)",
        ],
      },
    },
    {
      name: "core-no-node-builtins",
      severity: "error",
      from: { path: "^core/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "platform-below-the-edge",
      severity: "error",
      comment:
        "platform/ (env, repositories, object clients, notifiers) never reaches up into the edge or into objects.",
      from: { path: "^platform/" },
      to: { path: ["^worker/", "^durable/", "^web/", "^node_modules/hono"] },
    },
    {
      name: "durable-not-on-the-edge",
      severity: "error",
      comment: "Durable Objects use platform/ and core/, never worker/.",
      from: { path: "^durable/" },
      to: { path: ["^worker/", "^web/"] },
    },
    {
      name: "durable-objects-apart",
      severity: "error",
      comment: "One object does not import another object's code; they talk through platform/ RPC interfaces.",
      from: { path: "^durable/([^/]+)/" },
      to: { path: "^durable/", pathNot: "^durable/$1/" },
    },
    {
      name: "edge-not-into-objects",
      severity: "error",
      comment: "The edge reaches objects through platform/ clients; only the entry point exports the classes.",
      from: { path: "^worker/", pathNot: "^worker/index\\.ts$" },
      to: { path: "^durable/" },
    },
    {
      name: "web-only-contracts",
      severity: "error",
      comment: "The web app shares only core/contracts with the server.",
      from: { path: "^web/" },
      to: { path: ["^core/", "^platform/", "^worker/", "^durable/"], pathNot: "^core/contracts/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["node_modules", "\\.test\\.tsx?$", "^dist/", "^\\.wrangler/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

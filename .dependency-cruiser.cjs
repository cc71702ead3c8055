/**
 * Architecture rules checked in CI (`npm run check:deps`):
 * - no import cycles anywhere in src/;
 * - the generic layers never import a surface (a surface depends on them, never the reverse);
 * - a surface does not import another surface's internals.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Import cycles make load order and refactoring fragile.",
      from: {},
      to: { circular: true },
    },
    {
      name: "generic-layers-know-no-surface",
      severity: "error",
      comment:
        "http/, queue/, auth/, db/, formats/, ratelimit/, ledger/, config, analytics/, idempotency/ are shared by every surface and must not depend on one.",
      from: { path: "^src/(http|queue|auth|db|formats|ratelimit|ledger|config|analytics|idempotency)" },
      to: { path: "^src/surfaces/" },
    },
    {
      name: "surfaces-are-self-contained",
      severity: "error",
      comment: "A surface uses the generic layers, not another surface's files; src/surfaces/index.ts lists them all.",
      from: { path: "^src/surfaces/([^/]+)/" },
      to: { path: "^src/surfaces/([^/]+)/", pathNot: "^src/surfaces/$1/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
  },
};

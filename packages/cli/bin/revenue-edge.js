#!/usr/bin/env node
// The `revenue-edge` command. Its code is TypeScript built into ../dist (the repository's
// `npm install` builds it; a published package ships it built).
import("../dist/main.js").then(
  (cli) => cli.main(process.argv),
  (err) => {
    if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/main.js")) {
      console.error("revenue-edge: the CLI is not built; run `npm install` (or `npm run build -w @revenue-edge/cli`) in the repository");
    } else {
      console.error(err);
    }
    process.exitCode = 2;
  },
);

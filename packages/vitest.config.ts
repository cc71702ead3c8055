import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Node-side tests of @revenue-edge/sdk and @revenue-edge/cli, against a real Worker started
// once by ./testing/global-setup.ts (wrangler dev, its own port and migrated state). SDK tests
// import the SDK's source; CLI tests spawn the built `revenue-edge` binary.
export default defineProject({
  resolve: {
    alias: [
      { find: /^@revenue-edge\/sdk\/node$/, replacement: here("./sdk/src/node.ts") },
      { find: /^@revenue-edge\/sdk$/, replacement: here("./sdk/src/index.ts") },
    ],
  },
  test: {
    name: "node",
    root: here("."),
    include: ["sdk/test/**/*.test.ts", "cli/test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One shared Worker on two cores: run the files one at a time so that timings inside the
    // Worker (queue batches, rate-limit windows) are not starved by parallel suites.
    fileParallelism: false,
  },
});

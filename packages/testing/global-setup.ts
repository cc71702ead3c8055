import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { root, startLocalWorker, TEST_ADMIN_TOKEN } from "./local-worker.mjs";

// Ports of this project's test Worker (the range 8800–8819 is reserved for the SDK/CLI tests).
const PORT = 8800;
const INSPECTOR_PORT = 8801;

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    adminToken: string;
  }
}

/**
 * One real Worker for every Node-side test: `wrangler dev` with its own migrated state. The
 * SDK and CLI are built first, so the spawned `revenue-edge` binary runs the current source.
 */
export default async function setup(project: TestProject) {
  execFileSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-b", "packages/cli/tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  // While iterating: REVENUE_EDGE_TEST_URL points the tests at a Worker already running
  // (started with packages/testing/local-worker.mjs, so its admin token is the test one).
  const running = process.env.REVENUE_EDGE_TEST_URL;
  if (running) {
    project.provide("workerUrl", running);
    project.provide("adminToken", TEST_ADMIN_TOKEN);
    return;
  }
  const worker = await startLocalWorker({ port: PORT, inspectorPort: INSPECTOR_PORT });
  project.provide("workerUrl", worker.url);
  project.provide("adminToken", worker.adminToken);
  return async () => {
    await worker.stop();
  };
}

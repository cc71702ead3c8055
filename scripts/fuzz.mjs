// `npm run test:fuzz [-- <runs>]`: the property-based route test (test/fuzz) with a larger budget
// (default 3,000 requests) and a random seed, printed first so that a failure can be replayed
// with `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npx vitest run test/fuzz`. CI runs the same test with
// the fixed seed and budget of vitest.config.ts.
import { spawnSync } from "node:child_process";
import { root } from "./local-env.mjs";

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? "3000";
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${runs} requests, seed ${seed} (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npx vitest run test/fuzz)`);
const result = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "test/fuzz", "--silent=false"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
});
process.exit(result.status ?? 1);

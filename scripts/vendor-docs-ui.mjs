// `npm run docs:vendor [version]`: copies Swagger UI's browser files into docs-ui/swagger-ui/, which
// the console build copies into the Workers static assets, served next to the API (GET /docs). Vendored, not a
// dependency: the page must not load scripts from a CDN (offline machines, no third-party code on
// the API's origin), and installing swagger-ui-dist would also install its telemetry package
// (@scarf/scarf). `npm pack` fetches the tarball from the registry without running any script.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { root } from "./local-env.mjs";

const version = process.argv[2] ?? "5.35.0";
const files = ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE", "swagger-ui-bundle.js.LICENSE.txt"];
const target = resolve(root, "docs-ui/swagger-ui");

const work = mkdtempSync(join(tmpdir(), "swagger-ui-"));
try {
  const tarball = execFileSync("npm", ["pack", `swagger-ui-dist@${version}`, "--pack-destination", work, "--silent"], {
    cwd: work,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop();
  execFileSync("tar", ["-xzf", join(work, tarball), "-C", work]);
  const pkg = JSON.parse(readFileSync(join(work, "package/package.json"), "utf8"));
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const file of files) copyFileSync(join(work, "package", file), join(target, file));
  writeFileSync(join(target, "VERSION"), `swagger-ui-dist ${pkg.version} (npm), files: ${files.join(", ")}\n`);
  console.log(`docs-ui/swagger-ui/: swagger-ui-dist ${pkg.version}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

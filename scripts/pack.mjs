// npm run pack [-- --out DIR]: writes ts6-VERSION.tgz, the one package a user
// installs. The commands are bundled again against the packaged layout: each
// bundle carries the engine (@ts6/supervise) and its dependencies (chokidar,
// pino) inside it. What the JS API imports at run time, @ts6/protocol and
// @ts6/native, travels as bundled dependencies (node_modules/@ts6/*), each
// with the files its own `files` field selects; the addon built here ships as
// the prebuild for this platform and libc. No third-party package is in the
// tarball: npm counts the dependencies of bundled packages as bundled too and
// would fetch none of them, so shipping one would mean shipping its tests and
// docs as published.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
function fail(message) {
  process.stderr.write(`npm run pack: ${message}\n`);
  process.exit(1);
}
const outArg = process.argv.indexOf("--out");
if (outArg >= 0 && !process.argv[outArg + 1]) fail("--out needs a directory");
const out = outArg >= 0 ? resolve(process.argv[outArg + 1]) : repo;
const run = (cmd, args, cwd = repo) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
const writeJson = (file, value) => writeFileSync(file, JSON.stringify(value, null, 2) + "\n");

const header = process.report.getReport().header;
const libc = header.glibcVersionRuntime ? "glibc" : "musl";
const gyp = process.env.npm_config_node_gyp;
if (!gyp) fail("run it through npm (`npm run pack`), which says where its node-gyp is");

// Compiles what changed only: tsc -b and make skip what is up to date, so
// the workspace's own outputs are left alone when nothing changed. Under a
// lock, so that packs run side by side (the install tests) never compile
// into the same files at once.
mkdirSync(join(repo, "build"), { recursive: true });
const locked = (cmd, args, cwd) => run("flock", [join(repo, "build", "pack.lock"), cmd, ...args], cwd);
const native = join(repo, "packages", "native");
locked(join(repo, "node_modules", ".bin", "tsc"), ["-b"]);
const gypStep = existsSync(join(native, "build", "Makefile")) ? "build" : "rebuild";
locked(process.execPath, [gyp, gypStep, "--loglevel=warn"], native);

/** The files npm would pack for each workspace package, by name. */
const listed = new Map(
  JSON.parse(run("npm", ["pack", "--dry-run", "--json", "--workspaces", "--ignore-scripts"])).map(
    (p) => [p.name, p.files.map((f) => f.path)],
  ),
);

// Under the repository, so that bundling finds chokidar in its node_modules.
const stage = mkdtempSync(join(repo, "build", "pack-"));
try {
  const dirs = { ts6: "cli", "@ts6/native": "native", "@ts6/protocol": "protocol", "@ts6/supervise": "supervise" };
  // Staged for bundling only: inside the bundles, nowhere else.
  const bundleOnly = ["@ts6/supervise"];
  const bundled = Object.keys(dirs).filter((name) => name !== "ts6" && !bundleOnly.includes(name));
  for (const [name, dir] of Object.entries(dirs)) {
    const src = join(repo, "packages", dir);
    const dest = name === "ts6" ? stage : join(stage, "node_modules", name);
    // dist/bin is what the command bundles are made from: staged for
    // bundling, left out of the tarball by the `files` field.
    const extra = name === "ts6" ? [join("dist", "bin")] : [];
    for (const file of [...listed.get(name), ...extra]) {
      if (name === "ts6" && file.startsWith("dist/bundle/")) continue;
      cpSync(join(src, file), join(dest, file), { recursive: true });
    }
    cpSync(join(repo, "LICENSE"), join(dest, "LICENSE"));
  }
  const addon = join(repo, "packages", "native", "build", "Release", "ts6_native.node");
  const prebuilds = join(stage, "node_modules", "@ts6", "native", "prebuilds", `${process.platform}-${process.arch}`);
  mkdirSync(prebuilds, { recursive: true });
  cpSync(addon, join(prebuilds, `node.napi.${libc}.node`));
  cpSync(join(repo, "README.md"), join(stage, "README.md"));

  // Bundled under the repository, the commands find chokidar and pino in its node_modules.
  run(process.execPath, [join(repo, "packages", "cli", "scripts", "bundle.mjs"), stage]);
  for (const name of bundleOnly) rmSync(join(stage, "node_modules", name), { recursive: true });
  const pkg = readJson(join(stage, "package.json"));
  pkg.dependencies = Object.fromEntries(Object.entries(pkg.dependencies).filter(([name]) => bundled.includes(name)));
  pkg.bundleDependencies = bundled;
  writeJson(join(stage, "package.json"), pkg);

  mkdirSync(out, { recursive: true });
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], stage));
  const kB = (n) => `${Math.round(n / 1024)} kB`;
  console.log(
    `${join(out, packed.filename)}: ${packed.entryCount} files, ${kB(packed.size)} packed, ` +
      `${kB(packed.unpackedSize)} unpacked, prebuilt addon for ${process.platform}-${process.arch} ${libc}`,
  );
} finally {
  rmSync(stage, { recursive: true, force: true });
}

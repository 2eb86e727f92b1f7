// npm runs this when the package is installed. It keeps a prebuilt addon
// that fits and loads here, so nothing is compiled; otherwise (another
// platform or libc, a C library too old for the prebuild, or
// npm_config_build_from_source set) it builds from source with node-gyp, and
// when that fails says what to install.
"use strict";
const { spawnSync } = require("node:child_process");
const { basename, join, relative } = require("node:path");
const { platform, prebuilds } = require("../addon.cjs");

const root = join(__dirname, "..");
const header = process.report.getReport().header;
const libc = header.glibcVersionRuntime ? "glibc" : "musl";
const where = `${platform} (${libc}${header.glibcVersionRuntime ? ` ${header.glibcVersionRuntime}` : ""})`;

function fromSource() {
  const v = process.env.npm_config_build_from_source;
  return v !== undefined && v !== "" && v !== "false";
}

/** Tags between the name and `.node`: node.napi.glibc.node has napi, glibc. */
function fits(file) {
  return basename(file).split(".").slice(1, -1).includes(libc);
}

const refused = [];
function loads(file) {
  try {
    require(file);
    return true;
  } catch (e) {
    // dlopen's messages start with the file's path: once is enough.
    const why = (e instanceof Error ? e.message : String(e)).replace(`${file}: `, "");
    refused.push(`${relative(root, file)} does not load here: ${why}`);
    return false;
  }
}

if (!fromSource() && prebuilds(root).some((f) => fits(f) && loads(f))) process.exit(0);

const gyp = process.env.npm_config_node_gyp;
const build = gyp
  ? spawnSync(process.execPath, [gyp, "rebuild"], { cwd: root, stdio: "inherit" })
  : spawnSync("node-gyp", ["rebuild"], { cwd: root, stdio: "inherit" });
if (build.status === 0) process.exit(0);

const lines = [
  fromSource()
    ? `ts6: building the addon from source on ${where} (npm_config_build_from_source is set) failed.`
    : `ts6: no prebuilt addon loads on ${where}, and building it from source failed.`,
  ...refused.map((r) => `  ${r}`),
  ...(build.error ? [`  node-gyp: ${build.error.message}`] : []),
  "Building it needs python3, make and a C and C++ compiler:",
  "  Alpine:          apk add python3 make g++",
  "  Debian, Ubuntu:  apt-get install python3 make g++",
  "  Fedora, RHEL:    dnf install python3 make gcc-c++",
  "then install ts6 again.",
];
process.stderr.write(lines.join("\n") + "\n");
process.exit(1);

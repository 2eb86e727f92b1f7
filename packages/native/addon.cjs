// Where the addon can be, in the order it is tried: a build from source
// (node-gyp's build/Release, made at install when no prebuild fits, or by a
// developer), then the prebuilds this package ships. The prebuilds follow
// prebuildify's layout, prebuilds/PLATFORM-ARCH/node.napi.LIBC.node, so
// node-gyp-build could read them too. Plain CommonJS: the install script runs
// before anything is compiled, and the loader in dist/ shares this list.
"use strict";
const { existsSync, readdirSync } = require("node:fs");
const { join } = require("node:path");

const platform = `${process.platform}-${process.arch}`;

function prebuilds(root) {
  const dir = join(root, "prebuilds", platform);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".node"))
    .sort()
    .map((f) => join(dir, f));
}

function addonFiles(root) {
  const built = join(root, "build", "Release", "ts6_native.node");
  return [...(existsSync(built) ? [built] : []), ...prebuilds(root)];
}

module.exports = { platform, prebuilds, addonFiles };

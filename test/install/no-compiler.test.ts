import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { writeServiceDir } from "../helpers/service-dir.js";
import { TAG_VARIABLE, killTagged, newTag, taggedPids } from "../helpers/tagged-processes.js";
import { type Installed, type Packed, exited, installGlobal, libc, mappedAddons, pack, removeDir, startScanner } from "./package.js";

// The prebuild is made for the machine that packs; CI packs on linux-x64 glibc.
const glibcX64 = process.platform === "linux" && process.arch === "x64" && libc === "glibc";
const NO_COMPILER = { CC: "/bin/false", CXX: "/bin/false" };

let packed: Packed | undefined;
const prefixes: Installed[] = [];
let scandir = "";
const tag = newTag();

beforeAll(async () => {
  packed = await pack();
}, 300_000);

afterAll(async () => {
  await killTagged(tag);
  removeDir(scandir);
  for (const i of prefixes) removeDir(i.prefix);
  removeDir(packed?.dir);
});

describe.skipIf(!glibcX64)("installing with no C compiler on linux-x64 glibc", () => {
  it("uses the prebuilt addon and compiles nothing", async () => {
    const installed = await installGlobal(packed!.tarball, NO_COMPILER);
    prefixes.push(installed);
    expect(installed.install.code, installed.install.stderr).toBe(0);
    // Any compile would have run /bin/false and failed the install; and
    // node-gyp leaves a build/ directory behind even when it fails.
    const native = join(installed.root, "node_modules", "@ts6", "native");
    expect(existsSync(join(native, "build"))).toBe(false);

    scandir = mkdtempSync(join(tmpdir(), "ts6-prebuilt-"));
    writeServiceDir(join(scandir, "svc"), { run: "#!/bin/sh\nexec sleep 1000\n" });
    const scanner = await startScanner(scandir, { ...installed.env, [TAG_VARIABLE]: tag });
    expect(mappedAddons(scanner.pid!)).toEqual([join(native, "prebuilds", "linux-x64", "node.napi.glibc.node")]);
    const env = installed.env;
    expect((await run("ts6-svwait", ["-u", "-t", "10000", join(scandir, "svc")], { env })).code).toBe(0);
    expect((await run("ts6-svscanctl", ["-t", scandir], { env })).code).toBe(0);
    expect(await exited(scanner)).toBe(0);
    expect(taggedPids(tag)).toEqual([]);
  });

  it("when told to build from source and it cannot, names the platform and what to install", async () => {
    const installed = await installGlobal(packed!.tarball, { ...NO_COMPILER, npm_config_build_from_source: "true" });
    prefixes.push(installed);
    expect(installed.install.code).not.toBe(0);
    const err = installed.install.stderr;
    expect(err).toMatch(/ts6: building the addon from source on linux-x64 \(glibc [\d.]+\) \(npm_config_build_from_source is set\) failed\./);
    expect(err).toContain("apt-get install python3 make g++");
    expect(err).toContain("apk add python3 make g++");
  });
});

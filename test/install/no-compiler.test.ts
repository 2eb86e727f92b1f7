import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { writeServiceDir } from "../helpers/service-dir.js";
import { TAG_VARIABLE, taggedPids } from "../helpers/tagged-processes.js";
import { exited, libc, mappedAddons, startScanner, usePack } from "./package.js";

// The prebuild is made for the machine that packs; CI packs on linux-x64 glibc.
const glibcX64 = process.platform === "linux" && process.arch === "x64" && libc === "glibc";
const NO_COMPILER = { CC: "/bin/false", CXX: "/bin/false" };

const fx = usePack();

describe.skipIf(!glibcX64)("installing with no C compiler on linux-x64 glibc", () => {
  it("uses the prebuilt addon and compiles nothing", async () => {
    const installed = await fx.install(fx.packed().tarball, NO_COMPILER);
    expect(installed.install.code, installed.install.stderr).toBe(0);
    // Any compile would have run /bin/false and failed the install; and
    // node-gyp leaves a build/ directory behind even when it fails.
    const native = join(installed.root, "node_modules", "@ts6", "native");
    expect(existsSync(join(native, "build"))).toBe(false);

    const scandir = fx.tempDir("ts6-prebuilt-");
    writeServiceDir(join(scandir, "svc"), { run: "#!/bin/sh\nexec sleep 1000\n" });
    const scanner = await startScanner(scandir, { ...installed.env, [TAG_VARIABLE]: fx.tag });
    expect(mappedAddons(scanner.pid!)).toEqual([join(native, "prebuilds", "linux-x64", "node.napi.glibc.node")]);
    const env = installed.env;
    expect((await run("ts6-svwait", ["-u", "-t", "10000", join(scandir, "svc")], { env })).code).toBe(0);
    expect((await run("ts6-svscanctl", ["-t", scandir], { env })).code).toBe(0);
    expect(await exited(scanner)).toBe(0);
    expect(taggedPids(fx.tag)).toEqual([]);
  });

  it("when told to build from source and it cannot, names the platform and what to install", async () => {
    const installed = await fx.install(fx.packed().tarball, { ...NO_COMPILER, npm_config_build_from_source: "true" });
    expect(installed.install.code).not.toBe(0);
    const err = installed.install.stderr;
    expect(err).toMatch(/ts6: building the addon from source on linux-x64 \(glibc [\d.]+\) \(npm_config_build_from_source is set\) failed\./);
    expect(err).toContain("apt-get install python3 make g++");
    expect(err).toContain("apk add python3 make g++");
  });
});

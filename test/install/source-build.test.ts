import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { writeServiceDir } from "../helpers/service-dir.js";
import { TAG_VARIABLE, taggedPids } from "../helpers/tagged-processes.js";
import { exited, libc, mappedAddons, startScanner, usePack } from "./package.js";

// A prebuild that does not load here stands for every platform no prebuild
// fits (arm64, musl, an older glibc): the install must compile the addon
// from source, or say exactly why it cannot.
const prebuild = `package/node_modules/@ts6/native/prebuilds/${process.platform}-${process.arch}/node.napi.${libc}.node`;
let broken = "";
const fx = usePack(async (packed) => {
  const unpacked = join(packed.dir, "unpacked");
  mkdirSync(unpacked);
  expect((await run("tar", ["-xzf", packed.tarball, "-C", unpacked])).code).toBe(0);
  writeFileSync(join(unpacked, prebuild), "not an ELF file\n");
  broken = join(packed.dir, "broken", "ts6-broken.tgz");
  mkdirSync(join(packed.dir, "broken"));
  expect((await run("tar", ["-czf", broken, "-C", unpacked, "package"])).code).toBe(0);
});

describe("installing where no prebuild loads", () => {
  it("without a compiler, stops and says why and what to install", async () => {
    const installed = await fx.install(broken, { CC: "/bin/false", CXX: "/bin/false" });
    expect(installed.install.code).not.toBe(0);
    const err = installed.install.stderr;
    expect(err).toMatch(new RegExp(`ts6: no prebuilt addon loads on ${process.platform}-${process.arch} \\(${libc}`));
    expect(err).toMatch(/ prebuilds\/[\w-]+\/node\.napi\.\w+\.node does not load here: (invalid ELF header|file too short)/);
    expect(err).toContain("apt-get install python3 make g++");
  });

  it("installed without its install script, the commands say what to do", async () => {
    const installed = await fx.install(broken, { npm_config_ignore_scripts: "true" });
    expect(installed.install.code, installed.install.stderr).toBe(0);
    const r = await run("ts6-svok", [tmpdir()], { env: installed.env });
    expect(r.code).toBe(111);
    expect(r.stderr).toMatch(new RegExp(`^ts6-svok: fatal: ts6's native addon does not load on ${process.platform}-${process.arch}\n`));
    expect(r.stderr).toContain("npm rebuild -g ts6");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("with one, compiles the addon from source and runs on it", async () => {
    const installed = await fx.install(broken);
    expect(installed.install.code, installed.install.stderr).toBe(0);
    const built = join(installed.root, "node_modules", "@ts6", "native", "build", "Release", "ts6_native.node");
    expect(existsSync(built)).toBe(true);

    const scandir = fx.tempDir("ts6-source-built-");
    writeServiceDir(join(scandir, "svc"), { run: "#!/bin/sh\nexec sleep 1000\n" });
    const scanner = await startScanner(scandir, { ...installed.env, [TAG_VARIABLE]: fx.tag });
    expect(mappedAddons(scanner.pid!)).toEqual([built]);
    const env = installed.env;
    expect((await run("ts6-svwait", ["-u", "-t", "10000", join(scandir, "svc")], { env })).code).toBe(0);
    expect((await run("ts6-svscanctl", ["-t", scandir], { env })).code).toBe(0);
    expect(await exited(scanner)).toBe(0);
    expect(taggedPids(fx.tag)).toEqual([]);
  }, 180_000);
});

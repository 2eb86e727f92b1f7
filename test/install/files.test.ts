import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { type Packed, libc, pack, removeDir } from "./package.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const COMMANDS = ["ts6", "ts6-svscan", "ts6-supervise", "ts6-svc", "ts6-svstat", "ts6-svwait", "ts6-svok", "ts6-svscanctl", "ts6-svlisten1"];
const BUNDLED = { native: "@ts6/native", protocol: "@ts6/protocol" };
const prebuild = `node_modules/@ts6/native/prebuilds/${process.platform}-${process.arch}/node.napi.${libc}.node`;

/** What may be in the tarball: run-time files, their types, the addon's sources. */
const ALLOWED = [
  /^(package\.json|README\.md|LICENSE)$/,
  /^bin\/(package\.json|launch\.js|ts6[a-z0-9-]*\.js)$/,
  /^dist\/bundle\/ts6[a-z0-9-]*\.cjs$/,
  /^dist\/(?!bin\/|bundle\/)[a-z0-9/-]+\.(js|d\.ts)$/,
  /^node_modules\/@ts6\/(native|protocol)\/(package\.json|LICENSE)$/,
  /^node_modules\/@ts6\/(native|protocol)\/dist\/[a-z0-9/-]+\.(js|d\.ts)$/,
  /^node_modules\/@ts6\/native\/(addon\.cjs|addon\.d\.cts|binding\.gyp|scripts\/install\.cjs)$/,
  /^node_modules\/@ts6\/native\/csrc\/[a-z_]+\.[ch]$/,
  /^node_modules\/@ts6\/native\/prebuilds\/[a-z0-9]+-[a-z0-9]+\/node\.napi\.(glibc|musl)\.node$/,
];

let packed: Packed | undefined;
let files: string[] = [];

beforeAll(async () => {
  packed = await pack();
  const listing = await run("tar", ["-tzf", packed.tarball]);
  files = listing.stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, "")).sort();
}, 300_000);

afterAll(() => removeDir(packed?.dir));

describe("the ts6 tarball", () => {
  it("holds only run-time files, their types and the addon's sources", () => {
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    expect(files.filter((f) => /(^|\/)tests?\/|\.test\.|\.map$|tsconfig|tsbuildinfo|(?<!\.d)\.ts$/.test(f))).toEqual([]);
  });

  it("holds every command, its bundle, the API with its types, and the prebuilt addon", () => {
    const needed = [
      ...COMMANDS.flatMap((c) => [`bin/${c}.js`, `dist/bundle/${c}.cjs`]),
      "dist/index.js",
      "dist/index.d.ts",
      ...Object.values(BUNDLED).flatMap((p) => [`node_modules/${p}/dist/index.js`, `node_modules/${p}/dist/index.d.ts`]),
      "node_modules/@ts6/native/scripts/install.cjs",
      "node_modules/@ts6/native/binding.gyp",
      prebuild,
    ];
    expect(needed.filter((f) => !files.includes(f))).toEqual([]);
  });

  it("carries no compiled file whose source is gone", () => {
    const compiled = (pkg: string, file: string) => join(repo, "packages", pkg, "src", file.replace(/(\.d\.ts|\.js)$/, ".ts"));
    const stale = files.flatMap((f) => {
      const own = /^dist\/(?!bundle\/)(.+)$/.exec(f);
      if (own) return existsSync(compiled("cli", own[1]!)) ? [] : [f];
      const bundled = /^node_modules\/@ts6\/([a-z]+)\/dist\/(.+)$/.exec(f);
      return bundled && !existsSync(compiled(bundled[1]!, bundled[2]!)) ? [f] : [];
    });
    expect(stale).toEqual([]);
  });

  it.skipIf(libc !== "glibc")("ships a glibc prebuild that loads on glibc 2.34, as the README says", async () => {
    const { dir, tarball } = packed!;
    expect((await run("tar", ["-xzf", tarball, "-C", dir, `package/${prebuild}`])).code).toBe(0);
    const elf = await run("readelf", ["-V", join(dir, "package", prebuild)]);
    expect(elf.code, elf.stderr).toBe(0);
    const needed = [...elf.stdout.matchAll(/Name: GLIBC_(\d+)\.(\d+)/g)].map((m) => Number(m[1]) * 1000 + Number(m[2]));
    expect(needed.length).toBeGreaterThan(0);
    expect(Math.max(...needed)).toBeLessThanOrEqual(2034);
  });

  it("is ready to publish: engines, os, license, repository, bins, bundled packages", async () => {
    const pkg = JSON.parse((await run("tar", ["-xzOf", packed!.tarball, "package/package.json"])).stdout) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: "ts6", license: "ISC", engines: { node: ">=20.19" }, os: ["linux"] });
    expect(pkg["repository"]).toMatchObject({ type: "git" });
    expect(Object.keys(pkg["bin"] as object).sort()).toEqual([...COMMANDS].sort());
    // The engine and its dependencies (chokidar, pino) live inside the command bundles.
    expect(pkg["bundleDependencies"]).toEqual(Object.values(BUNDLED));
    expect(Object.keys(pkg["dependencies"] as object).sort()).toEqual(Object.values(BUNDLED).sort());
    expect(pkg["scripts"]).toBeUndefined();
    const publish = await run("npm", ["publish", "--dry-run", packed!.tarball], { timeout: 60_000 });
    expect(publish.code, publish.stderr).toBe(0);
    // The one warning allowed: no registry account here.
    const warnings = publish.stderr.split("\n").filter((l) => /npm warn/i.test(l) && !/requires you to be logged in/.test(l));
    expect(warnings).toEqual([]);
  });
});

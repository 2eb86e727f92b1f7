import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { writeServiceDir } from "../helpers/service-dir.js";
import { TAG_VARIABLE, taggedPids } from "../helpers/tagged-processes.js";
import { type Installed, exited, mappedAddons, startScanner, which, usePack } from "./package.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const TOOLS = ["ts6", "ts6-svscan", "ts6-supervise", "ts6-svc", "ts6-svstat", "ts6-svwait", "ts6-svok", "ts6-svscanctl", "ts6-svlisten1"];

let installed: Installed | undefined;
const fx = usePack(async (packed) => {
  installed = await fx.install(packed.tarball);
  console.log(packed.summary);
});

function twoServices(): string {
  const scandir = fx.tempDir("ts6-installed-");
  writeServiceDir(join(scandir, "plain"), { run: "#!/bin/sh\nexec sleep 1000\n" });
  writeServiceDir(join(scandir, "ready"), {
    run: "#!/bin/sh\necho >&3\nexec sleep 1000\n",
    "notification-fd": "3\n",
  });
  return scandir;
}

describe("npm install -g ./ts6-VERSION.tgz", () => {
  it("installs every command onto PATH", async () => {
    const { install, env, prefix } = installed!;
    expect(install.code, install.stderr).toBe(0);
    for (const tool of TOOLS) expect(await which(tool, env)).toBe(join(prefix, "bin", tool));
    // Every dependency of every package is there, at a version that fits.
    const ls = await run("npm", ["ls", "-g", "--all", "--prefix", prefix], { timeout: 30_000 });
    expect(ls.code, ls.stdout + ls.stderr).toBe(0);
  });

  it("supervises a tree driven by the installed commands alone", async () => {
    const { env, prefix } = installed!;
    const dir = twoServices();
    const tagged = { ...env, [TAG_VARIABLE]: fx.tag };
    const scanner = await startScanner(dir, tagged);
    // The installed scanner, with the installed addon: not the checkout's, not s6.
    expect(readFileSync(`/proc/${scanner.pid}/cmdline`, "utf8").split("\0")[1]).toBe(join(prefix, "bin", "ts6-svscan"));
    const addons = mappedAddons(scanner.pid!);
    expect(addons.length).toBe(1);
    expect(addons[0]!.startsWith(`${prefix}/`)).toBe(true);
    const ts6 = (tool: string, ...args: string[]) => run(tool, args, { env, cwd: dir });

    expect((await ts6("ts6-svwait", "-U", "-t", "10000", "ready")).code).toBe(0);
    expect((await ts6("ts6-svwait", "-u", "-t", "10000", "plain")).code).toBe(0);
    expect((await ts6("ts6-svstat", "ready")).stdout).toMatch(/^up \(pid \d+\) \d+ seconds, ready \d+ seconds\n$/);

    expect((await ts6("ts6-svc", "-d", "plain")).code).toBe(0);
    expect((await ts6("ts6-svwait", "-d", "-t", "10000", "plain")).code).toBe(0);
    expect((await ts6("ts6-svstat", "plain")).stdout).toMatch(/^down \(signal SIGTERM\) \d+ seconds, normally up/);

    const status = await ts6("ts6", "status", "--json", ".");
    expect(status.code, status.stderr).toBe(0);
    const { services } = JSON.parse(status.stdout) as { services: { name: string; state: string; ready: boolean }[] };
    expect(services.map((s) => [s.name, s.state, s.ready])).toEqual([
      ["plain", "down", false],
      ["ready", "up", true],
    ]);

    expect((await ts6("ts6-svscanctl", "-t", ".")).code).toBe(0);
    expect(await exited(scanner)).toBe(0);
    expect(taggedPids(fx.tag)).toEqual([]);
  });

  it("exports the JS API, with its types, to a program that imports ts6", async () => {
    const { env, prefix } = installed!;
    const dir = twoServices();
    // ES modules find packages through node_modules only: the program sits
    // in the prefix's lib, beside the node_modules that holds ts6.
    const program = join(prefix, "lib", "use-ts6.mts");
    writeFileSync(
      program,
      `import { startTree, type Tree } from "ts6";
const tree: Tree = await startTree(process.argv[2]!, { output: "ignore" });
const ready = await tree.service("ready").waitFor("ready", { timeout: 10000 });
const plain = await tree.service("plain").waitFor("up", { timeout: 10000 });
console.log(JSON.stringify({ ready: ready.pid !== null, plain: plain.pid !== null, code: await tree.stop() }));
`,
    );
    // The installed declarations must type-check a user's program as written;
    // tsc then writes it out as use-ts6.mjs, beside it.
    const tsc = await run(
      process.execPath,
      [join(repo, "node_modules", "typescript", "bin", "tsc"), "--strict", "--module", "nodenext",
        "--target", "es2022", "--skipLibCheck", "false", "--typeRoots", join(repo, "node_modules", "@types"),
        "--types", "node", program],
      { timeout: 60_000 },
    );
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);

    const r = await run(process.execPath, [program.replace(/\.mts$/, ".mjs"), dir], { env: { ...env, [TAG_VARIABLE]: fx.tag }, timeout: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ready: true, plain: true, code: 0 });
    expect(taggedPids(fx.tag)).toEqual([]);
  });
});

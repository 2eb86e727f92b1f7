import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { readIfExists } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { SLEEPER } from "../helpers/service-dir.js";
import { removeScandir, svwait, tmpScandir, writeControlScripts, writeService } from "../svscan/harness.js";
import { type LaunchOptions, type Launched, UNSHARE, launch } from "./launch.js";
import { requireTools } from "./require.js";

const toolsOk = requireTools("PID 1 main program", [UNSHARE]);

const FINISH = '#!/bin/sh\necho "$1 $2" > "$RESULTS/finish-$3"\n';

interface Setup {
  scandir: string;
  results: string;
  ctx: TestContext;
}

/** A scan directory with one long-running service whose finish leaves a file, and `key` when given. */
function setup(ctx: TestContext, keyRun?: string, svscanFinish?: string): Setup {
  const scandir = tmpScandir("main");
  // Tests here run concurrently: each cleans up its own, trees before their directory.
  ctx.onTestFinished(() => removeScandir(scandir));
  const results = join(scandir, ".results");
  mkdirSync(results);
  writeService(scandir, "svc", { run: SLEEPER, finish: FINISH });
  if (keyRun !== undefined) writeService(scandir, "key", { run: `#!/bin/sh\n${keyRun}\n`, finish: FINISH });
  if (svscanFinish !== undefined) writeControlScripts(scandir, { finish: `#!/bin/sh\n${svscanFinish}\n` });
  return { scandir, results, ctx };
}

async function start(s: Setup, o: Partial<LaunchOptions>): Promise<Launched> {
  const tree = await launch({ scandir: s.scandir, pid1: true, ready: false, env: { RESULTS: s.results }, ...o });
  s.ctx.onTestFinished(() => tree.kill());
  return tree;
}

/** Runs the tree until it ends by itself; resolves with its exit code once svc's finish is known to have run. */
async function exitCode(s: Setup, o: Partial<LaunchOptions>): Promise<number> {
  const tree = await start(s, o);
  const code = await tree.exit(15_000);
  // The tree came down the whole way: svc was stopped and its finish ran.
  expect(readIfExists(join(s.results, "finish-svc")), tree.output()).toBe("256 15\n");
  return code;
}

describe.skipIf(!toolsOk).concurrent("ts6-svscan DIR -- CMD as PID 1", () => {
  it.for([
    { what: "exits 0", main: ["true"], code: 0 },
    { what: "exits 3", main: ["sh", "-c", "exit 3"], code: 3 },
    { what: "dies of SIGKILL (137)", main: ["sh", "-c", "kill -KILL $$"], code: 137 },
  ])("CMD $what: the tree comes down, ts6-svscan exits with CMD's code", async ({ main, code }, ctx) => {
    const s = setup(ctx);
    // CMD starts once svc is up, so that there is a tree to bring down.
    const waiting = ["sh", "-c", 's6-svwait -u "$1" && shift && exec "$@"', "sh", join(s.scandir, "svc"), ...main];
    expect(await exitCode(s, { main: waiting })).toBe(code);
  });

  it("CMD not found: exit 127", async (ctx) => {
    const s = setup(ctx);
    const tree = await start(s, { main: ["no-such-program-here"] });
    expect(await tree.exit(15_000)).toBe(127);
  });

  it("CMD runs where ts6-svscan was started, with its environment and stdio", async (ctx) => {
    const s = setup(ctx);
    const tree = await start(s, { cwd: s.results, env: { RESULTS: s.results, GREETING: "hello" }, main: ["sh", "-c", 'echo "$GREETING from $(pwd)"; echo oops >&2'] });
    expect(await tree.exit(15_000)).toBe(0);
    expect(tree.output()).toContain(`hello from ${s.results}\n`);
    expect(tree.output()).toContain("oops\n");
  });

  it("SIGTERM to PID 1 reaches CMD's process group, is waited for, and CMD's code is the tree's", async (ctx) => {
    const s = setup(ctx);
    const main = ["sh", "-c", `trap 'echo term > "$RESULTS/main-term"; exit 7' TERM; sleep 100000 & echo >"$RESULTS/main-up"; wait`];
    const tree = await start(s, { ready: true, main });
    await svwait("-u", join(s.scandir, "svc"));
    tree.signal("SIGTERM");
    expect(await tree.exit(15_000)).toBe(7);
    expect(readFileSync(join(s.results, "main-term"), "utf8")).toBe("term\n");
    expect(readFileSync(join(s.results, "finish-svc"), "utf8")).toBe("256 15\n");
  });

  it("with .s6-svscan/finish, TS6_EXIT_CODE carries CMD's code to it and finish's status is the tree's", async (ctx) => {
    const s = setup(ctx, undefined, 'echo "$TS6_EXIT_CODE" > "$RESULTS/code"\nexit $((TS6_EXIT_CODE + 1))');
    expect(await exitCode(s, { main: ["sh", "-c", "exit 3"] })).toBe(4);
    expect(readFileSync(join(s.results, "code"), "utf8")).toBe("3\n");
  });
});

describe.skipIf(!toolsOk).concurrent("ts6-svscan --exit-on NAME as PID 1", () => {
  it.for([
    { what: "exits 0", end: "exit 0", code: 0 },
    { what: "exits 3", end: "exit 3", code: 3 },
    { what: "dies of SIGKILL (137)", end: "kill -KILL $$", code: 137 },
  ])("key $what: the tree comes down, ts6-svscan exits with key's code", async ({ end, code }, ctx) => {
    const s = setup(ctx, `sleep 0.2\n${end}`);
    expect(await exitCode(s, { args: ["--exit-on", "key"] })).toBe(code);
  });

  it("with .s6-svscan/finish, TS6_EXIT_CODE carries the key service's code to it", async (ctx) => {
    const s = setup(ctx, "sleep 0.2\nexit 3", 'echo "$TS6_EXIT_CODE" > "$RESULTS/code"\nexit "$TS6_EXIT_CODE"');
    expect(await exitCode(s, { args: ["--exit-on", "key"] })).toBe(3);
    expect(readFileSync(join(s.results, "code"), "utf8")).toBe("3\n");
  });

  it("the first decision wins: key exits 3, CMD then dies of the SIGTERM it gets, the code is 3", async (ctx) => {
    const s = setup(ctx, "sleep 0.2\nexit 3");
    expect(await exitCode(s, { args: ["--exit-on", "key"], main: ["sleep", "100000"] })).toBe(3);
  });

  it("on a plain stop, finish sees no TS6_EXIT_CODE, not even one ts6-svscan inherited", async (ctx) => {
    const s = setup(ctx, undefined, 'echo "${TS6_EXIT_CODE-unset}" > "$RESULTS/code"');
    const tree = await start(s, { ready: true, args: ["--exit-on", "svc"], env: { RESULTS: s.results, TS6_EXIT_CODE: "9" } });
    await svwait("-u", join(s.scandir, "svc"));
    tree.signal("SIGTERM");
    expect(await tree.exit(15_000)).toBe(0);
    expect(readFileSync(join(s.results, "code"), "utf8")).toBe("unset\n");
  });

  it("a key service told to go down does not end the tree", async (ctx) => {
    const s = setup(ctx, "exec sleep 100000");
    const tree = await start(s, { ready: true, args: ["--exit-on", "key"] });
    const key = join(s.scandir, "key");
    await svwait("-u", key);
    expect((await run(s6("s6-svc"), ["-wD", "-d", key])).code).toBe(0);
    expect(readFileSync(join(s.results, "finish-key"), "utf8")).toBe("256 15\n");
    // Still running: it takes commands, and comes down only when told.
    expect((await run(s6("s6-svc"), ["-wu", "-u", key])).code).toBe(0);
    expect((await run(s6("s6-svscanctl"), ["-t", s.scandir])).code).toBe(0);
    expect(await tree.exit(15_000)).toBe(0);
  });
});

import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { SLEEPER } from "../helpers/service-dir.js";
import { removeScandir, svwait, tmpScandir, writeControlScripts, writeService } from "../svscan/harness.js";
import { type LaunchOptions, type Launched, UNSHARE, launch } from "./launch.js";
import { requireTools } from "./require.js";

const toolsOk = requireTools("PID 1 duties", [UNSHARE]);
const SCRIPTED = ["SIGHUP", "SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGPWR", "SIGWINCH"] as const;

interface Setup {
  scandir: string;
  results: string;
  start(o?: Partial<LaunchOptions>): Promise<Launched>;
}

function setup(ctx: TestContext): Setup {
  const scandir = tmpScandir("duties");
  ctx.onTestFinished(() => removeScandir(scandir));
  const results = join(scandir, ".results");
  mkdirSync(results);
  return {
    scandir, results,
    start: async (o = {}) => {
      const tree = await launch({ scandir, pid1: true, env: { RESULTS: results }, ...o });
      ctx.onTestFinished(() => tree.kill());
      return tree;
    },
  };
}

async function svscanctl(scandir: string, cmd: string): Promise<void> {
  expect((await run(s6("s6-svscanctl"), [cmd, scandir])).code).toBe(0);
}

// As PID 1, a signal with no handler is dropped by the kernel: each of these
// works only because ts6-svscan listens for it.
describe.skipIf(!toolsOk).concurrent("ts6-svscan's duties as PID 1", () => {
  it("runs the .s6-svscan/SIG<NAME> script of every signal s6-svscan handles", async (ctx) => {
    const s = setup(ctx);
    writeControlScripts(s.scandir, Object.fromEntries(SCRIPTED.map((sig) => [sig, `#!/bin/sh\necho ${sig} > "$RESULTS/${sig}"\n`])));
    const tree = await s.start();
    for (const sig of SCRIPTED) {
      tree.signal(sig);
      await waitFile(join(s.results, sig), (t) => t === `${sig}\n`);
    }
    await svscanctl(s.scandir, "-t");
    expect(await tree.exit(10_000)).toBe(0);
  });

  it("stays up with nothing to supervise and nothing watched, and SIGALRM makes it scan", async (ctx) => {
    const s = setup(ctx);
    const tree = await s.start({ args: ["--no-watch"] });
    // A signal with no script and nothing to do does not end it either.
    tree.signal("SIGUSR1");
    writeService(s.scandir, "late", { run: SLEEPER });
    tree.signal("SIGALRM");
    await svwait("-u", join(s.scandir, "late"));
    await svscanctl(s.scandir, "-t");
    expect(await tree.exit(10_000)).toBe(0);
  });

  it("started with fds 0 to 2 closed, gives its services /dev/null as 0, 1 and 2", async (ctx) => {
    const s = setup(ctx);
    writeService(s.scandir, "fds", { run: '#!/bin/sh\nfds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)\necho "$fds" > "$RESULTS/fds"\nexec sleep 100000\n' });
    const tree = await s.start({ closedStdio: true });
    await waitFile(join(s.results, "fds"), (t) => t.split("\n").length === 4);
    expect(readFileSync(join(s.results, "fds"), "utf8")).toBe("/dev/null\n/dev/null\n/dev/null\n");
    await svscanctl(s.scandir, "-t");
    expect(await tree.exit(10_000)).toBe(0);
  });
});

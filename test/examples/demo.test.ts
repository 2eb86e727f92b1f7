import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { withDeadline } from "../helpers/deadline.js";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { svstat } from "../helpers/svstat.js";
import { type Tree, removeScandir, startTree, svwait, tmpScandir } from "../svscan/harness.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const demo = join(repo, "scandir-examples/demo");
const withS6 = haveS6("scandir-examples/demo");
let tree: Tree | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await tree?.stop().catch(() => undefined);
  tree = undefined;
  for (const dir of cleanup.splice(0)) removeScandir(dir);
});

/* What a scanner leaves in a scan directory while it runs (FIFOs, locks): state, not the example. */
const RUN_TIME_STATE = new Set(["supervise", "event", ".s6-svscan"]);

function copyDemo(from: string): string {
  const scandir = tmpScandir("demo");
  cleanup.push(scandir);
  cpSync(from, scandir, { recursive: true, filter: (src) => !RUN_TIME_STATE.has(basename(src)) });
  return scandir;
}

async function runsAsTheReadmeSays(scandir: string): Promise<void> {
  tree = await startTree("ts6", scandir);
  const dir = (n: string): string => join(scandir, n);
  await svwait("-u", dir("hello"));
  await svwait("-u", dir("logged"));
  await svwait("-u", dir("logged/log"));
  await svwait("-U", dir("ready"));
  expect((await svstat(dir("ready"))).out).toMatch(/^up \(pid PID\) N seconds, ready N seconds\n$/);
  expect((await svstat(dir("later"))).out).toBe("down (exitcode 0) N seconds, ready N seconds\n");
  expect((await run(s6("s6-svc"), ["-u", dir("later")])).code).toBe(0);
  await svwait("-u", dir("later"));
  // The logger stamps what the logged service writes, on the scanner's stdout.
  await tree.waitForOutput(/logged\/log: \d\d:\d\d:\d\d line 1/);
  expect(await tree.stop()).toBe(0);
  expect(tree.output()).toMatch(/later: finished \(exit 256, signal 15\)/);
}

/*
 * A copy of the repository as far as `npm start` needs it: package.json, the
 * start script and the demo copied, the packages (built) reached through a link.
 */
function repoCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "ts6-repo-"));
  cleanup.push(root);
  cpSync(join(repo, "package.json"), join(root, "package.json"));
  mkdirSync(join(root, "scandir-examples"));
  cpSync(join(repo, "scandir-examples/start-demo.sh"), join(root, "scandir-examples/start-demo.sh"));
  cpSync(demo, join(root, "scandir-examples/demo"), { recursive: true, filter: (src) => !RUN_TIME_STATE.has(basename(src)) });
  symlinkSync(join(repo, "packages"), join(root, "packages"));
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"));
  return root;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe.skipIf(!withS6)("scandir-examples/demo (npm start)", () => {
  it("runs as the README says", async () => {
    await runsAsTheReadmeSays(copyDemo(demo));
  });

  it("still does after npm start has run in the repository", async () => {
    const root = repoCopy();
    const started = join(root, "scandir-examples/demo");
    const npm = spawn("npm", ["start"], { cwd: root, stdio: "ignore", detached: true });
    const exited = exitOf(npm);
    try {
      await svwait("-U", join(started, "ready"), 20_000);
    } finally {
      expect((await run(s6("s6-svscanctl"), ["-t", started])).code).toBe(0);
      await withDeadline(exited, 20_000, () => "exit of npm start");
    }
    await runsAsTheReadmeSays(copyDemo(started));
  });
});

import { chmodSync, existsSync, mkdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { writeServiceDir } from "../helpers/service-dir.js";
import { waitStatus } from "../helpers/status-file.js";
import { type Tree, removeScandir, startTree, svwait, tmpScandir, waitForPath } from "./harness.js";

const withS6 = haveS6("ts6-svscan waits for whole services");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

async function tree(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Tree> {
  const scandir = tmpScandir("whole");
  const t = await startTree("ts6", scandir, args, 5000, env);
  cleanups.push(async () => {
    await t.stop().catch(() => undefined);
    removeScandir(scandir);
  });
  return t;
}

const SERVICE_RUN = '#!/bin/sh\necho "started $$"\nexec sleep 100000\n';
const loggerRun = (out: string): string => `#!/bin/sh\nexec cat >> ${out}\n`;

/** The service's stdout and its logger's stdin are one pipe. */
function sameLogPipe(dir: string, service: number, logger: number): void {
  const out = readlinkSync(`/proc/${service}/fd/1`);
  expect(out).toMatch(/^pipe:/);
  expect(readlinkSync(`/proc/${logger}/fd/0`), `${dir}: logger reads what the service writes`).toBe(out);
}

async function upPid(dir: string): Promise<number> {
  await svwait("-u", dir);
  return (await waitStatus(dir, (s) => s.pid > 0 && !s.finishing)).pid;
}

const scans = (t: Tree): number => t.output().split("\n").filter((l) => l.includes('"msg":"scanning"')).length;

/** Asks for a scan and waits until one more has happened (the tree logs at debug level). */
async function scanOnce(t: Tree): Promise<void> {
  const before = scans(t);
  expect((await run(s6("s6-svscanctl"), ["-a", t.scandir])).code).toBe(0);
  await t.waitForOutput(new RegExp(`(?:[^]*?"msg":"scanning"){${before + 1}}`));
}

function noFailedStart(t: Tree): void {
  expect(t.output()).not.toMatch(/unable to spawn|ENOENT|unable to chdir/);
}

describe.skipIf(!withS6)("ts6-svscan's watch waits for a service to be whole", () => {
  it("a logged service written step by step in the scan directory, with a scan after each step, starts once, logged", async () => {
    const t = await tree([], { TS6_LOG_LEVEL: "debug" });
    const dir = join(t.scandir, "web");
    const out = join(t.scandir, ".web.log");
    // The worst case for the scanner: it looks at the directory after every step.
    const steps: Array<() => void> = [
      () => mkdirSync(dir),
      () => writeFileSync(join(dir, "run"), SERVICE_RUN),
      () => chmodSync(join(dir, "run"), 0o755),
      () => mkdirSync(join(dir, "log")),
      () => writeFileSync(join(dir, "log", "run"), loggerRun(out)),
      () => chmodSync(join(dir, "log", "run"), 0o755),
    ];
    for (const step of steps) {
      step();
      await scanOnce(t);
    }
    const service = await upPid(dir);
    const logger = await upPid(join(dir, "log"));
    sameLogPipe(dir, service, logger);
    await waitFile(out, (text) => text.includes(`started ${service}`));
    noFailedStart(t);
  });

  it("a log/ added after the service was registered gets its logger; run's next start writes to it", async () => {
    const t = await tree();
    const dir = join(t.scandir, "web");
    const out = join(t.scandir, ".web.log");
    const staged = join(t.scandir, ".web");
    writeServiceDir(staged, { run: SERVICE_RUN });
    await run("mv", [staged, dir]);
    const first = await upPid(dir);
    writeServiceDir(join(dir, "log"), { run: loggerRun(out) });
    const logger = await upPid(join(dir, "log"));
    expect((await run(s6("s6-svc"), ["-k", dir])).code).toBe(0);
    const second = (await waitStatus(dir, (s) => s.pid > 0 && s.pid !== first && !s.finishing)).pid;
    sameLogPipe(dir, second, logger);
    await waitFile(out, (text) => text.includes(`started ${second}`));
    noFailedStart(t);
  });

  it("s6-svlink links a logged service in: up and logged", async () => {
    const t = await tree();
    // A dot name: not scanned, and removed with the scan directory once the tree is down.
    const src = join(t.scandir, ".src");
    const out = join(src, "web.log");
    writeServiceDir(join(src, "web"), { run: SERVICE_RUN, "log/run": loggerRun(out) });
    const linked = await run(s6("s6-svlink"), ["-t", "5000", t.scandir, join(src, "web")]);
    expect(linked.stderr).toBe("");
    expect(linked.code).toBe(0);
    const dir = join(t.scandir, "web");
    const service = await upPid(dir);
    const logger = await upPid(join(dir, "log"));
    sameLogPipe(dir, service, logger);
    await waitFile(out, (text) => text.includes(`started ${service}`));
    noFailedStart(t);
  });

  it("s6-instance-maker run in place makes a service that is up with its logger", async () => {
    const t = await tree();
    const src = join(t.scandir, ".src");
    writeServiceDir(join(src, "template"), { run: SERVICE_RUN });
    const logdir = join(src, "logs");
    const made = await run(s6("s6-instance-maker"), ["-L", logdir, join(src, "template"), join(t.scandir, "inst")]);
    expect(made.code, made.stderr).toBe(0);
    const dir = join(t.scandir, "inst");
    const service = await upPid(dir);
    const logger = await upPid(join(dir, "log"));
    sameLogPipe(dir, service, logger);
    await waitForPath(join(logdir, "current"));
    noFailedStart(t);
  });

  it("with --no-watch, a directory is registered as soon as a scan sees it, run or not, as s6-svscan does", async () => {
    const t = await tree(["--no-watch"]);
    mkdirSync(join(t.scandir, "bare"));
    writeFileSync(join(t.scandir, "bare", "down"), "");
    expect((await run(s6("s6-svscanctl"), ["-a", t.scandir])).code).toBe(0);
    await waitForPath(join(t.scandir, "bare", "supervise", "status"));
    expect(existsSync(join(t.scandir, "bare", "log"))).toBe(false);
  });
});

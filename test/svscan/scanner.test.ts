import { mkdirSync, mkdtempSync, renameSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { SLEEPER } from "../helpers/service-dir.js";
import { TS6_SVSCAN, type Tree, removeScandir, startTree, svwait, tmpScandir, waitForPath, writeService } from "./harness.js";

const withS6 = haveS6("ts6-svscan");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

async function tree(args: string[] = [], env: NodeJS.ProcessEnv = {}, prepare?: (scandir: string) => void): Promise<Tree> {
  const scandir = tmpScandir("scanner");
  prepare?.(scandir);
  const t = await startTree("ts6", scandir, args, 5000, env);
  cleanups.push(async () => {
    await t.stop().catch(() => undefined);
    removeScandir(scandir);
  });
  return t;
}

const scans = (t: Tree): number => t.output().split("\n").filter((l) => l.includes('"msg":"scanning"')).length;

/**
 * Scans logged so far, counted only once everything the scanner logged
 * before now has been read: an unknown control byte makes it log a
 * warning, and its log is one ordered stream.
 */
async function scansSoFar(t: Tree, sentinel: string): Promise<number> {
  writeFileSync(join(t.scandir, ".s6-svscan", "control"), sentinel);
  await t.waitForOutput(`received unknown control command: ${sentinel}`);
  return scans(t);
}

/** Dates a staged directory and the files named a second back. */
function backdate(dir: string, ...files: string[]): void {
  const past = new Date(Date.now() - 1000);
  for (const f of files) utimesSync(join(dir, f), past, past);
  utimesSync(dir, past, past);
}

describe.skipIf(!withS6)("ts6-svscan on its own", () => {
  it("starts a service directory moved in after start within 200 ms, without s6-svscanctl", async () => {
    const t = await tree();
    const staged = mkdtempSync(join(t.scandir, ".new-"));
    writeFileSync(join(staged, "run"), SLEEPER, { mode: 0o755 });
    // Built a while ago, as staged directories are: one written in the last
    // 50 ms is waited for until it is quiet (whole-service.test.ts).
    backdate(staged, "run");
    const started = performance.now();
    renameSync(staged, join(t.scandir, "late"));
    await waitForPath(join(t.scandir, "late", "supervise", "status"), 2000);
    await svwait("-u", join(t.scandir, "late"));
    const ms = performance.now() - started;
    console.log(`watched service up ${ms.toFixed(1)} ms after it appeared`);
    expect(ms).toBeLessThan(200);
  });

  it("does not rescan for churn inside service directories or dot entries", async () => {
    const t = await tree([], { TS6_LOG_LEVEL: "debug" }, (dir) => writeService(dir, "a", { run: SLEEPER }));
    await svwait("-u", join(t.scandir, "a"));
    const before = await scansSoFar(t, "X");
    // Status writes, s6-svc traffic, files inside the service dir, dot names.
    for (let i = 0; i < 10; i++) writeFileSync(join(t.scandir, "a", `junk${i}`), "x");
    mkdirSync(join(t.scandir, ".dot"));
    await run(s6("s6-svc"), ["-wd", "-d", join(t.scandir, "a")]);
    await run(s6("s6-svc"), ["-wu", "-u", join(t.scandir, "a")]);
    // A rename into view is the yardstick: exactly one more scan for it. Its
    // files are dated a second back, as a directory built earlier is: one
    // written within the last 50 ms would get a second scan once it is quiet.
    const b = writeService(t.scandir, ".b", { run: SLEEPER });
    backdate(b, "run");
    renameSync(b, join(t.scandir, "b"));
    await svwait("-u", join(t.scandir, "b"));
    expect(await scansSoFar(t, "Y"), t.output()).toBe(before + 1);
  });

  it("with --no-watch, scans only when told, as s6-svscan", async () => {
    const t = await tree(["--no-watch"]);
    writeService(t.scandir, "a", { run: SLEEPER });
    const r = await run(s6("s6-svwait"), ["-u", "-t", "300", join(t.scandir, "a")]);
    expect(r.code).not.toBe(0);
    await run(s6("s6-svscanctl"), ["-a", t.scandir]);
    await svwait("-u", join(t.scandir, "a"));
  });

  it("with -t, rescans on its own timer, as s6-svscan", async () => {
    const t = await tree(["--no-watch", "-t", "200"]);
    writeService(t.scandir, "a", { run: SLEEPER });
    await svwait("-u", join(t.scandir, "a"), 3000);
  });

  it("refuses a second scanner on the same directory with exit 100", async () => {
    const t = await tree();
    const r = await run(process.execPath, [TS6_SVSCAN, t.scandir]);
    expect(r.code).toBe(100);
    expect(r.stderr).toContain("another instance of s6-svscan is already running on the same directory");
  });

  it("warns about an unknown control command and keeps going", async () => {
    const t = await tree();
    writeFileSync(join(t.scandir, ".s6-svscan", "control"), "X");
    await t.waitForOutput("received unknown control command: X");
    writeService(t.scandir, "a", { run: SLEEPER });
    await svwait("-u", join(t.scandir, "a"));
  });

  it("warns when -c is reached and names the service left out", async () => {
    const t = await tree(["-c", "2"]);
    for (const n of ["a", "b", "c"]) writeService(t.scandir, n, { run: SLEEPER });
    await run(s6("s6-svscanctl"), ["-a", t.scandir]);
    await t.waitForOutput("too many services");
  });

  it("rejects bad options with s6-svscan's exit code 100", async () => {
    for (const args of [["-c", "x"], ["-d", "1"], ["-d", "97"], ["-Z"], ["a", "b"]]) {
      const r = await run(process.execPath, [TS6_SVSCAN, ...args]);
      expect(r.code, args.join(" ")).toBe(100);
    }
  });

  it("exits 111 when the scan directory does not exist", async () => {
    const r = await run(process.execPath, [TS6_SVSCAN, "/nonexistent/scandir"]);
    expect(r.code).toBe(111);
    expect(r.stderr).toContain("/nonexistent/scandir");
  });
});

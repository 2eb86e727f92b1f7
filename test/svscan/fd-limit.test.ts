import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { SLEEPER, writeServiceDir } from "../helpers/service-dir.js";
import { readStatus, waitStatus } from "../helpers/status-file.js";
import { TS6_SVSCAN, type Tree, removeScandir, startTree, tmpScandir, waitForPath } from "./harness.js";

const withS6 = haveS6("ts6-svscan out of fds");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

const TS6 = fileURLToPath(new URL("../../packages/cli/bin/ts6.js", import.meta.url));
const SERVICES = 300;
const KEPT = 50;
const names = Array.from({ length: SERVICES }, (_, i) => `s${String(i).padStart(3, "0")}`);

/** A tree started under `ulimit -n LIMIT` (soft and hard, or `-Sn` for the soft one), by a wrapper that execs ts6-svscan. */
async function limitedTree(limit: number, prepare: (scandir: string) => void, which = "-n"): Promise<Tree> {
  const scandir = tmpScandir("fds");
  prepare(scandir);
  const wrapper = join(scandir, ".limited-svscan");
  writeFileSync(wrapper, `#!/bin/sh\nulimit ${which} ${limit}\nexec "${process.execPath}" "${TS6_SVSCAN}" "$@"\n`, { mode: 0o755 });
  const t = await startTree("ts6", scandir, [], 10_000, {}, wrapper);
  cleanups.push(async () => {
    await t.stop(20_000).catch(() => undefined);
    removeScandir(scandir);
  });
  return t;
}

function readFdLimit(pid: number): { soft: number; hard: number } {
  const m = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, "latin1"));
  return { soft: Number(m?.[1]), hard: Number(m?.[2]) };
}

const fdWarnings = (t: Tree): string[] => t.output().split("\n").filter((l) => /EMFILE|too many open files|open files limit/.test(l));

async function upWithin(dir: string, deadline: number): Promise<void> {
  await waitForPath(join(dir, "supervise", "status"), Math.max(1, deadline - Date.now()));
  await waitStatus(dir, (s) => s.pid > 0 && !s.finishing, Math.max(1, deadline - Date.now()));
}

describe.skipIf(!withS6)("ts6-svscan with too few fds for its scan directory", () => {
  it("supervises what fits, warns a bounded number of times, and supervises the rest once fds are freed", async () => {
    const t = await limitedTree(256, (scandir) => {
      for (const name of names) writeServiceDir(join(scandir, name), { run: SLEEPER });
    });
    expect(t.output()).toContain("the open files limit (256, hard 256) is below what this scan directory needs");
    const dirs = names.map((n) => join(t.scandir, n));
    const supervised = dirs.filter((d) => existsSync(join(d, "supervise", "status")));
    expect(supervised.length).toBeGreaterThan(20);
    expect(supervised.length).toBeLessThan(SERVICES);
    // What has a supervisor is up and stays controllable.
    const deadline = Date.now() + 10_000;
    await Promise.all(supervised.map((d) => upWithin(d, deadline)));
    const first = supervised[0]!;
    const pid = readStatus(first)!.pid;
    expect((await run(s6("s6-svc"), ["-k", first])).code).toBe(0);
    await waitStatus(first, (s) => s.pid > 0 && s.pid !== pid && !s.finishing);
    expect(t.running()).toBe(true);
    const status = await run(process.execPath, [TS6, "status", "--json", t.scandir]);
    const { services } = JSON.parse(status.stdout) as { services: Array<{ name: string; supervised: boolean; reason?: string; note: string }> };
    const waiting = services.filter((r) => !r.supervised);
    expect(waiting.length).toBe(SERVICES - supervised.length);
    expect(waiting.every((r) => r.reason === "too many open files" && /out of file descriptors/.test(r.note)), status.stdout).toBe(true);
    // Services wanted up and not supervised: the tree is not healthy.
    expect(status.code).toBe(3);

    // The first 250 go, as a user removes services: out of the scan directory
    // (to a dot name, so that their supervisors can still write their status
    // and the log holds only what this test counts), then s6-svscanctl -n.
    for (const d of dirs.slice(0, SERVICES - KEPT)) renameSync(d, join(t.scandir, `.gone-${basename(d)}`));
    expect((await run(s6("s6-svscanctl"), ["-an", t.scandir])).code).toBe(0);
    const by = Date.now() + 15_000;
    await Promise.all(dirs.slice(SERVICES - KEPT).map((d) => upWithin(d, by)));
    expect(t.running()).toBe(true);
    // At most ten warnings a minute, the start's own, and the count of those left out.
    expect(fdWarnings(t).length, fdWarnings(t).join("\n")).toBeLessThanOrEqual(12);
  }, 60_000);

  it("supervises what waited for fds once the limit is raised, without a restart", async () => {
    const scandir = tmpScandir("fds-raise");
    const t = await startTree("ts6", scandir);
    cleanups.push(async () => {
      await t.stop(20_000).catch(() => undefined);
      removeScandir(scandir);
    });
    const hard = readFdLimit(t.pid).hard;
    expect((await run("prlimit", [`--pid=${t.pid}`, `--nofile=256:${hard}`])).code).toBe(0);
    const few = names.slice(0, 150);
    const staging = join(scandir, ".staging");
    for (const name of few) writeServiceDir(join(staging, name), { run: SLEEPER });
    for (const name of few) renameSync(join(staging, name), join(scandir, name));
    await t.waitForOutput("not supervising", 10_000);
    expect((await run("prlimit", [`--pid=${t.pid}`, `--nofile=${hard}:${hard}`])).code).toBe(0);
    const by = Date.now() + 15_000;
    await Promise.all(few.map((n) => upWithin(join(scandir, n), by)));
    expect(existsSync(join(scandir, ".s6-svscan", "waiting-for-fds"))).toBe(false);
  }, 60_000);

  it("raises its soft limit to the hard one at start", async () => {
    const t = await limitedTree(256, () => undefined, "-Sn");
    const { soft, hard } = readFdLimit(t.pid);
    expect(hard).toBeGreaterThan(256);
    expect(soft).toBe(hard);
  });
});

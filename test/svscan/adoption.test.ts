import { existsSync, readFileSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyCounted } from "../helpers/counted-lines.js";
import { waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { writeServiceDir } from "../helpers/service-dir.js";
import { readStatus, waitStatus } from "../helpers/status-file.js";
import { type Tree, removeScandir, startTree, svwait, tmpScandir } from "./harness.js";

const withS6 = haveS6("ts6-svscan restarted after its death");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

/**
 * The copies of a service running now: run (and finish) are session leaders
 * started in the service directory, which none of these scripts leaves;
 * the directory is known from the moment of the spawn, no exec can race it.
 */
function runsIn(dir: string): number[] {
  const want = realpathSync(dir);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) !== want) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z" && Number(fields[3]) === Number(entry)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

async function tree(scandir: string): Promise<Tree> {
  const t = await startTree("ts6", scandir, [], 10_000);
  cleanups.push(async () => {
    await t.stop(20_000).catch(() => undefined);
  });
  return t;
}

async function killScanner(t: Tree): Promise<void> {
  process.kill(t.pid, "SIGKILL");
  expect(await t.exited).toBe(128 + 9);
}

const upPid = async (dir: string): Promise<number> => (await waitStatus(dir, (s) => s.pid > 0 && !s.finishing, 10_000)).pid;

// Writes L<n>E every 10 ms; on TERM it ends the line it is on and exits.
const PRODUCER = `#!/bin/sh
exec perl -e '$| = 1; my $n = 0; my $stop = 0; $SIG{TERM} = sub { $stop = 1 };
  until ($stop) { $n++; print "L$n" . "E\\n"; select(undef, undef, undef, 0.01) }'
`;
const SLEEPER = '#!/bin/sh\nexec sleep 100000\n';
// Holds an exclusive lock as a server holds its port: a second copy could not start.
const LOCKER = (lock: string): string => `#!/bin/sh\nexec flock -n ${lock} sleep 100000\n`;
const finishRecorder = (file: string): string => `#!/bin/sh\necho "$3 $1 $2" >> ${file}\n`;
const logger = (out: string): string => `#!/bin/sh\nexec cat >> ${out}\n`;

describe.skipIf(!withS6)("ts6-svscan restarted after a SIGKILL", () => {
  it("adopts every service and logger: same pids, no second copy, no log line lost", async () => {
    const scandir = tmpScandir("adopt");
    cleanups.push(async () => removeScandir(scandir));
    const finishes = join(scandir, ".finishes");
    const names: string[] = [];
    for (let i = 0; i < 10; i++) {
      const name = `logged${i}`;
      names.push(name);
      writeServiceDir(join(scandir, name), {
        run: PRODUCER, finish: finishRecorder(finishes), "log/run": logger(join(scandir, `.${name}.log`)),
      });
    }
    for (let i = 0; i < 9; i++) {
      names.push(`plain${i}`);
      writeServiceDir(join(scandir, `plain${i}`), { run: SLEEPER, finish: finishRecorder(finishes) });
    }
    names.push("port");
    writeServiceDir(join(scandir, "port"), { run: LOCKER(join(scandir, ".port.lock")), finish: finishRecorder(finishes) });
    const dirs = names.flatMap((n) => (n.startsWith("logged") ? [n, `${n}/log`] : [n]));

    const first = await tree(scandir);
    const before = new Map<string, number>();
    for (const d of dirs) before.set(d, await upPid(join(scandir, d)));
    await killScanner(first);

    const second = await tree(scandir);
    for (const d of dirs) {
      const s = readStatus(join(scandir, d));
      expect(s?.pid, `${d} keeps its pid`).toBe(before.get(d));
    }
    for (const d of dirs) expect(runsIn(join(scandir, d)), `one copy of ${d}`).toHaveLength(1);
    // No start failed for the port: its only copy is the adopted one.
    expect(second.output()).not.toContain("unable to spawn");

    // An adopted service obeys s6-svc, and its death is noticed.
    const plain = join(scandir, "plain0");
    expect((await run(s6("s6-svc"), ["-k", plain])).code).toBe(0);
    const restarted = (await waitStatus(plain, (s) => s.pid > 0 && s.pid !== before.get("plain0") && !s.finishing, 10_000)).pid;
    await svwait("-u", plain);
    expect(runsIn(plain)).toEqual([restarted]);
    // The producers write on through the recovered pipes.
    const log0 = join(scandir, ".logged0.log");
    const seen = verifyCounted(readFileSync(log0, "utf8")).last;
    await waitFile(log0, (text) => verifyCounted(text).last > seen + 20);

    // s6-svscanctl -t stops every adopted service and runs its finish.
    expect((await run(s6("s6-svscanctl"), ["-t", scandir])).code).toBe(0);
    expect(await second.exited).toBe(0);
    for (const d of dirs) expect(runsIn(join(scandir, d)), `${d} stopped`).toEqual([]);
    const finished = readFileSync(finishes, "utf8").split("\n").filter((l) => l !== "");
    for (const n of names) expect(finished.filter((l) => l.startsWith(`${n} `)).length, `${n}'s finish`).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 10; i++) {
      const v = verifyCounted(readFileSync(join(scandir, `.logged${i}.log`), "utf8"));
      expect(v.gaps, `logged${i}: lines lost`).toBe(0);
      expect(v.disorder, `logged${i}: lines out of order`).toBe(0);
      expect(v.fragments, `logged${i}: partial lines`).toBe(0);
      expect(v.last).toBeGreaterThan(0);
    }
  }, 60_000);

  it("after s6-svscanctl -b, a new scanner adopts what the old one left running", async () => {
    const scandir = tmpScandir("adopt-abort");
    cleanups.push(async () => removeScandir(scandir));
    const dir = join(scandir, "svc");
    writeServiceDir(dir, { run: SLEEPER });
    const first = await tree(scandir);
    const pid = await upPid(dir);
    expect((await run(s6("s6-svscanctl"), ["-b", scandir])).code).toBe(0);
    expect(await first.exited).toBe(0);
    expect(runsIn(dir)).toEqual([pid]);
    await tree(scandir);
    expect(readStatus(dir)?.pid).toBe(pid);
    expect((await run(s6("s6-svok"), [dir])).code).toBe(0);
    expect(runsIn(dir)).toEqual([pid]);
  });

  it("adopts a finish script that was running: it completes once, and run starts only after it", async () => {
    const scandir = tmpScandir("adopt-finish");
    cleanups.push(async () => removeScandir(scandir));
    const events = join(scandir, ".events");
    const release = join(scandir, ".release");
    const dir = join(scandir, "svc");
    writeServiceDir(dir, {
      run: `#!/bin/sh\necho run >> ${events}\nexec sleep 100000\n`,
      finish: `#!/bin/sh\necho finish-start >> ${events}\nwhile [ ! -e ${release} ]; do sleep 0.05; done\necho finish-end >> ${events}\n`,
    });
    const first = await tree(scandir);
    await upPid(dir);
    expect((await run(s6("s6-svc"), ["-k", dir])).code).toBe(0);
    await waitFile(events, (t) => t.includes("finish-start"));
    const finishing = await waitStatus(dir, (s) => s.finishing && s.pid > 0);
    await killScanner(first);

    await tree(scandir);
    const adopted = readStatus(dir);
    expect(adopted?.finishing).toBe(true);
    expect(adopted?.pid).toBe(finishing.pid);
    expect(readFileSync(events, "utf8")).toBe("run\nfinish-start\n");
    writeFileSync(release, "");
    await waitFile(events, (t) => t.split("\n").length > 4);
    await svwait("-u", dir);
    expect(readFileSync(events, "utf8")).toBe("run\nfinish-start\nfinish-end\nrun\n");
    expect(runsIn(dir)).toHaveLength(1);
    expect(existsSync(release)).toBe(true);
  }, 30_000);
});

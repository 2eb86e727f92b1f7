import * as fs from "node:fs";
import * as path from "node:path";
import {
  STATUS_SIZE,
  STATUS_SIZE_213,
  type SupervisorStatus,
  decodeStatus,
  encodeStatus,
  readStatusFile,
  readStatusFileIfAny,
  tainFromUnixMs,
  tainToText,
  tainToUnixMs,
  writeStatusFile,
} from "@ts6/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { HAVE_S6, cleanup, makeService, run, supervise, tmpDir, waitEvents, waitStatusFile } from "./helpers/s6.js";

afterEach(cleanup);

const SLEEP = "#!/bin/sh\nexec sleep 1000\n";

function rawStatus(dir: string): Buffer {
  return fs.readFileSync(path.join(dir, "supervise", "status"));
}

/** Decodes the real file, checks the round trip to identical bytes, and checks the stamps are recent. */
function decodeReal(dir: string, since: number): SupervisorStatus {
  const raw = rawStatus(dir);
  expect(raw.length).toBe(STATUS_SIZE);
  const s = decodeStatus(raw);
  expect(encodeStatus(s).equals(raw)).toBe(true);
  expect(readStatusFile(dir)).toEqual(s);
  for (const stamp of [s.stamp, s.readyStamp]) {
    expect(tainToUnixMs(stamp)).toBeGreaterThan(since - 1000);
    expect(tainToUnixMs(stamp)).toBeLessThan(Date.now() + 1000);
  }
  expect(s.pgid).toBe(0);
  return s;
}

async function svstat(dir: string, fields: string): Promise<string[]> {
  const r = await run("s6-svstat", ["-o", fields, dir]);
  expect(r.code).toBe(0);
  return r.stdout.trim().split(" ");
}

function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

function commandOf(pid: number): string {
  return fs.readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").filter(Boolean).join(" ");
}

describe.runIf(HAVE_S6)("status written by the real s6-supervise", () => {
  it("up", async () => {
    const t0 = Date.now();
    const dir = makeService(tmpDir(), "svc", { run: SLEEP });
    const sup = await supervise(dir);
    expect((await run("s6-svwait", ["-u", "-t", "5000", dir])).code).toBe(0);
    const s = decodeReal(dir, t0);
    expect(s).toMatchObject({ wstat: 0, paused: false, finishing: false, wantUp: true, ready: false });
    expect(parentOf(s.pid)).toBe(sup.child.pid);
    // Caught before or after run's own exec: run gets its name as argument.
    expect(commandOf(s.pid)).toMatch(/^(\/bin\/sh \.\/run \S+\/svc|sleep 1000)$/);
    expect(await svstat(dir, "pid,updownsince,readysince")).toEqual([
      String(s.pid),
      tainToText(s.stamp),
      tainToText(s.readyStamp),
    ]);
  });

  it("up and ready through notification-fd", async () => {
    const t0 = Date.now();
    const dir = makeService(tmpDir(), "svc", {
      run: "#!/bin/sh\necho >&3\nexec sleep 1000\n",
      files: { "notification-fd": "3\n" },
    });
    const sup = await supervise(dir);
    expect((await run("s6-svwait", ["-U", "-t", "5000", dir])).code).toBe(0);
    const s = decodeReal(dir, t0);
    expect(s).toMatchObject({ wstat: 0, paused: false, finishing: false, wantUp: true, ready: true });
    expect(parentOf(s.pid)).toBe(sup.child.pid);
    expect(tainToUnixMs(s.readyStamp)).toBeGreaterThanOrEqual(tainToUnixMs(s.stamp));
  });

  it("down by exit code", async () => {
    const t0 = Date.now();
    const dir = makeService(tmpDir(), "svc", { run: "#!/bin/sh\nexit 3\n", down: true });
    await supervise(dir);
    // o: start once, no restart. s6-svc -wD would return at once: a
    // normally-down service already is down and ready. Wait for the events.
    await waitEvents(dir, /u.*d.*D/, () => void run("s6-svc", ["-o", dir]));
    const s = decodeReal(dir, t0);
    expect(s).toMatchObject({ pid: 0, wstat: 3 << 8, paused: false, finishing: false, wantUp: false, ready: true });
    expect(await svstat(dir, "exitcode,signal")).toEqual(["3", "NA"]);
  });

  it("down by signal", async () => {
    const t0 = Date.now();
    const dir = makeService(tmpDir(), "svc", { run: SLEEP });
    await supervise(dir);
    expect((await run("s6-svwait", ["-u", "-t", "5000", dir])).code).toBe(0);
    expect((await run("s6-svc", ["-wD", "-d", dir])).code).toBe(0);
    const s = decodeReal(dir, t0);
    expect(s).toMatchObject({ pid: 0, wstat: 15, paused: false, finishing: false, wantUp: false, ready: true });
    expect(rawStatus(dir).subarray(24).toString("hex")).toBe("0000000000000000000f08");
  });

  it("finishing: pid is the finish script's", async () => {
    const t0 = Date.now();
    const dir = makeService(tmpDir(), "svc", {
      run: SLEEP,
      finish: "#!/bin/sh\nexec sleep 1001\n",
      // s6 kills the finish script after this, which ends the test's cleanup.
      files: { "timeout-finish": "1500" },
    });
    const sup = await supervise(dir);
    expect((await run("s6-svwait", ["-u", "-t", "5000", dir])).code).toBe(0);
    const runPid = readStatusFile(dir).pid;
    await waitEvents(dir, /d/, () => void run("s6-svc", ["-k", dir]));
    const s = decodeReal(dir, t0);
    expect(s).toMatchObject({ wstat: 9, paused: false, finishing: true, wantUp: true, ready: false });
    expect(rawStatus(dir)[34]).toBe(0x06);
    // finish is forked without waiting for its exec: only its parentage is certain.
    expect(s.pid).not.toBe(runPid);
    expect(parentOf(s.pid)).toBe(sup.child.pid);
    expect(await svstat(dir, "up,pid,signal")).toEqual(["false", "-1", "SIGKILL"]);
  });

  it("paused (s6-svc -p)", async () => {
    const t0 = Date.now();
    const dir = makeService(tmpDir(), "svc", { run: SLEEP });
    await supervise(dir);
    expect((await run("s6-svwait", ["-u", "-t", "5000", dir])).code).toBe(0);
    const before = decodeReal(dir, t0);
    // s6 announces a pause only in the status file, never as an event.
    expect((await run("s6-svc", ["-p", dir])).code).toBe(0);
    await waitStatusFile(dir, (st) => st.paused);
    const s = decodeReal(dir, t0);
    expect(s).toEqual({ ...before, paused: true });
  });

  it("normally down (down file)", async () => {
    const t0 = Date.now();
    const dir = makeService(tmpDir(), "svc", { run: SLEEP, down: true });
    await supervise(dir);
    const s = decodeReal(dir, t0);
    expect(s).toMatchObject({ pid: 0, wstat: 0, paused: false, finishing: false, wantUp: false, ready: true });
    expect(s.readyStamp).toEqual(s.stamp);
    expect(rawStatus(dir)[34]).toBe(0x08);
  });

  it("what writeStatusFile writes, the real s6-svstat reads", async () => {
    const dir = makeService(tmpDir(), "svc", { run: SLEEP, down: true });
    await supervise(dir);
    const ago = Date.now() - 42_500;
    writeStatusFile(dir, {
      stamp: tainFromUnixMs(ago),
      readyStamp: tainFromUnixMs(ago),
      pid: 0,
      pgid: 0,
      wstat: 10, // killed by SIGUSR1
      paused: false,
      finishing: false,
      wantUp: true,
      ready: true,
    });
    const r = await run("s6-svstat", [dir]);
    expect(r.stdout).toMatch(/^down \(signal SIGUSR1\) 4[23] seconds, want up, ready 4[23] seconds\n$/);
    expect(fs.existsSync(path.join(dir, "supervise", "status.new"))).toBe(false);
    const mode = fs.statSync(path.join(dir, "supervise", "status")).mode & 0o777;
    expect(mode).toBe(0o666 & ~process.umask());
  });
});

describe("status codec", () => {
  const sample: SupervisorStatus = {
    stamp: { sec: 0x400000006b02c209n, nano: 0x109be67b },
    readyStamp: { sec: 0x400000006b02c20bn, nano: 0x10ad8571 },
    pid: 7607,
    pgid: 0,
    wstat: 0,
    paused: false,
    finishing: false,
    wantUp: true,
    ready: true,
  };
  // The worked example of s6-protocol.md §2.
  const bytes = Buffer.from("400000006b02c209109be67b400000006b02c20b10ad85710000000000001db700000c", "hex");

  it("encodes the documented example", () => {
    expect(encodeStatus(sample).equals(bytes)).toBe(true);
    expect(decodeStatus(bytes)).toEqual(sample);
  });

  it("packs each flag in its own bit", () => {
    const flags = ["paused", "finishing", "wantUp", "ready"] as const;
    flags.forEach((flag, bit) => {
      const s = { ...sample, paused: false, finishing: false, wantUp: false, ready: false, [flag]: true };
      expect(encodeStatus(s)[34]).toBe(1 << bit);
      expect(decodeStatus(encodeStatus(s))).toEqual(s);
    });
  });

  it("decodes the 43-byte s6 2.13 layout (pgid before wstat)", () => {
    const b = Buffer.alloc(STATUS_SIZE_213);
    bytes.copy(b, 0, 0, 32);
    b.writeBigUInt64BE(7600n, 32);
    b.writeUInt16BE(0x0100, 40);
    b[42] = 0x07;
    expect(decodeStatus(b)).toEqual({
      ...sample,
      pgid: 7600,
      wstat: 0x0100,
      paused: true,
      finishing: true,
      wantUp: true,
      ready: false,
    });
  });

  it("rejects other sizes, saying what it got and expected", () => {
    for (const n of [0, 34, 36, 42, 44]) {
      expect(() => decodeStatus(Buffer.alloc(n))).toThrow(
        `status record is ${n} bytes, expected 35 (s6 2.11) or 43 (s6 2.13)`,
      );
    }
  });

  it("readStatusFile names the file in its errors", () => {
    const dir = tmpDir();
    expect(() => readStatusFile(dir)).toThrow(`${dir}/supervise/status`);
    fs.mkdirSync(path.join(dir, "supervise"));
    fs.writeFileSync(path.join(dir, "supervise", "status"), Buffer.alloc(20));
    expect(() => readStatusFile(dir)).toThrow(`${dir}/supervise/status: status record is 20 bytes`);
    fs.writeFileSync(path.join(dir, "supervise", "status"), Buffer.alloc(100));
    expect(() => readStatusFile(dir)).toThrow(`${dir}/supervise/status: more than 43 bytes`);
  });

  it("readStatusFileIfAny: undefined before the first status, then what readStatusFile reads, and the same errors", () => {
    const dir = tmpDir();
    expect(readStatusFileIfAny(dir)).toBeUndefined();
    fs.mkdirSync(path.join(dir, "supervise"));
    expect(readStatusFileIfAny(dir)).toBeUndefined();
    // readStatusFile says why, as an open would: clients print "No such file or directory".
    expect(() => readStatusFile(dir)).toThrow(expect.objectContaining({ code: "ENOENT", path: path.join(dir, "supervise", "status") }));
    writeStatusFile(dir, sample);
    expect(readStatusFileIfAny(dir)).toEqual(readStatusFile(dir));
    fs.writeFileSync(path.join(dir, "supervise", "status"), Buffer.alloc(100));
    expect(() => readStatusFileIfAny(dir)).toThrow(`${dir}/supervise/status: more than 43 bytes`);
  });

  it("writeStatusFile replaces the file atomically", () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, "supervise"));
    writeStatusFile(dir, sample);
    const ino = fs.statSync(path.join(dir, "supervise", "status")).ino;
    writeStatusFile(dir, { ...sample, pid: 1 });
    expect(fs.statSync(path.join(dir, "supervise", "status")).ino).not.toBe(ino);
    expect(readStatusFile(dir).pid).toBe(1);
    expect(fs.readdirSync(path.join(dir, "supervise"))).toEqual(["status"]);
    expect(() => writeStatusFile(path.join(dir, "missing"), sample)).toThrow(/ENOENT/);
  });
});

import * as fs from "node:fs";
import * as path from "node:path";
import {
  DEATH_RECORD_SIZE,
  appendDeathTally,
  deathRecord,
  type DeathRecord,
  decodeDeathTally,
  encodeDeathTally,
  readDeathTally,
  tainCompare,
  tainFromUnixMs,
  tainNow,
  tainToUnixMs,
} from "@ts6/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { HAVE_S6, cleanup, makeService, run, stop, supervise, tmpDir, waitEvents } from "./helpers/s6.js";

afterEach(cleanup);

function serviceDir(): string {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, "supervise"));
  return dir;
}

describe("appending a death", () => {
  it("records an exit code, or 128 + the signal that killed run", () => {
    const stamp = tainFromUnixMs(1_700_000_000_000);
    expect(deathRecord(stamp, 3 << 8)).toEqual({ stamp, exitcode: 3, sig: 0 });
    expect(deathRecord(stamp, 0x80 | 11)).toEqual({ stamp, exitcode: 128 + 11, sig: 11 });
  });

  it("keeps the last max deaths, oldest first, and none when max is 0", () => {
    const dir = serviceDir();
    const at = (i: number): DeathRecord => ({ stamp: tainFromUnixMs(1_700_000_000_000 + i), exitcode: i, sig: 0 });
    for (let i = 1; i <= 4; i++) appendDeathTally(dir, at(i), 3);
    expect(readDeathTally(dir).map((r) => r.exitcode)).toEqual([2, 3, 4]);
    appendDeathTally(dir, at(5), 0);
    expect(readDeathTally(dir).map((r) => r.exitcode)).toEqual([2, 3, 4]);
    appendDeathTally(dir, at(6), 1);
    expect(readDeathTally(dir)).toEqual([at(6)]);
  });

  it("starts a new tally over one that is not whole records, as s6 discards it", () => {
    const dir = serviceDir();
    const at = (i: number): DeathRecord => ({ stamp: tainFromUnixMs(1_700_000_000_000 + i), exitcode: i, sig: 0 });
    appendDeathTally(dir, at(1), 10);
    fs.appendFileSync(path.join(dir, "supervise", "death_tally"), "x");
    appendDeathTally(dir, at(2), 10);
    expect(readDeathTally(dir)).toEqual([at(2)]);
  });
});

describe("death_tally codec", () => {
  const records: DeathRecord[] = [
    { stamp: tainFromUnixMs(1_700_000_000_000), exitcode: 7, sig: 0 },
    { stamp: tainFromUnixMs(1_700_000_001_500), exitcode: 128 + 15, sig: 15 },
    { stamp: tainFromUnixMs(1_700_000_003_250), exitcode: 255, sig: 0 },
  ];

  it("round-trips, 14 bytes a record", () => {
    const buf = encodeDeathTally(records);
    expect(buf.length).toBe(3 * DEATH_RECORD_SIZE);
    expect(buf.subarray(12, 14).toString("hex")).toBe("0700");
    expect(buf.subarray(26, 28).toString("hex")).toBe("8f0f");
    expect(decodeDeathTally(buf)).toEqual(records);
    expect(encodeDeathTally([]).length).toBe(0);
    expect(decodeDeathTally(Buffer.alloc(0))).toEqual([]);
  });

  it("rejects a size that is not whole records", () => {
    expect(() => decodeDeathTally(Buffer.alloc(15))).toThrow("death tally is 15 bytes, not a multiple of the 14-byte record");
  });

  it("files: missing is empty, corrupt is empty (as s6), written atomically", () => {
    const dir = serviceDir();
    expect(readDeathTally(dir)).toEqual([]);
    for (const r of records) appendDeathTally(dir, r, 100);
    expect(readDeathTally(dir)).toEqual(records);
    expect(fs.readdirSync(path.join(dir, "supervise"))).toEqual(["death_tally"]);
    fs.appendFileSync(path.join(dir, "supervise", "death_tally"), "x");
    expect(readDeathTally(dir)).toEqual([]);
  });
});

describe.runIf(HAVE_S6)("death_tally and real s6", () => {
  it("a crash-looping service's tally decodes to its deaths, trimmed to max-death-tally", async () => {
    const t0 = tainNow();
    const dir = makeService(tmpDir(), "svc", {
      run: "#!/bin/sh\nexit 7\n",
      files: { "max-death-tally": "2" },
    });
    const sup = await supervise(dir);
    // s6 restarts a dead service one second after its finish: three deaths take two seconds.
    await waitEvents(dir, /(d[^d]*){3}/, () => {}, 10_000);
    await stop(sup);
    const tally = readDeathTally(dir);
    expect(tally.length).toBe(2);
    for (const r of tally) {
      expect(r).toMatchObject({ exitcode: 7, sig: 0 });
      expect(tainCompare(r.stamp, t0)).toBe(1);
      expect(tainCompare(r.stamp, tainNow())).toBe(-1);
    }
    const gap = tainToUnixMs(tally[1]!.stamp) - tainToUnixMs(tally[0]!.stamp);
    expect(gap).toBeGreaterThan(900);
    expect(gap).toBeLessThan(2000);
  });

  it("records a death by signal as 128+sig", async () => {
    const dir = makeService(tmpDir(), "svc", { run: "#!/bin/sh\nexec sleep 1000\n" });
    await supervise(dir);
    expect((await run("s6-svwait", ["-u", "-t", "5000", dir])).code).toBe(0);
    // s6 updates the tally before it announces the death.
    await waitEvents(dir, /d/, () => void run("s6-svc", ["-2", dir]));
    expect(readDeathTally(dir)).toMatchObject([{ exitcode: 128 + 12, sig: 12 }]);
  });

  it("the real s6-permafailon reads what appendDeathTally writes", async () => {
    const dir = serviceDir();
    const nowMs = tainToUnixMs(tainNow());
    const ago = (ms: number): DeathRecord[] => [1, 2, 3].map((i) => ({ stamp: tainFromUnixMs(nowMs - ms - i * 1000), exitcode: 7, sig: 0 }));
    const fresh = ago(0);
    const write = (tally: DeathRecord[]): void => {
      fs.rmSync(path.join(dir, "supervise", "death_tally"), { force: true });
      for (const r of tally) appendDeathTally(dir, r, 100);
    };
    write(fresh);
    const tripped = await run("s6-permafailon", ["10", "3", "7", "true"], { cwd: dir });
    expect(tripped.code).toBe(125);
    expect(tripped.stderr).toContain("3 events involving exit code 7 in the last 10 seconds");
    // The same deaths 30 s ago are outside a 10 s window: the stamps really are TAI64N of now.
    write(ago(30_000));
    expect((await run("s6-permafailon", ["10", "3", "7", "true"], { cwd: dir })).code).toBe(0);
    write(fresh.map((r) => ({ ...r, exitcode: 128 + 10, sig: 10 })));
    const bySignal = await run("s6-permafailon", ["10", "3", "SIGUSR1", "true"], { cwd: dir });
    expect(bySignal.code).toBe(125);
    expect(bySignal.stderr).toContain("involving signal 10");
  });
});

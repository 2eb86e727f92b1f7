import * as fs from "node:fs";
import * as path from "node:path";
import { mkfifo } from "@ts6/native";
import {
  type ConfigValue,
  readDownSignal,
  readLockFd,
  readMaxDeathTally,
  readNotificationFd,
  readStatusFile,
  readTimeoutFinish,
  readTimeoutKill,
} from "@ts6/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { HAVE_S6, cleanup, makeService, run, stop, supervise, tmpDir } from "./helpers/s6.js";

afterEach(cleanup);

type Reader<T> = (dir: string) => ConfigValue<T>;

/** A service dir holding one file with `content` (undefined: no file). */
function withFile(file: string, content: string | Buffer | undefined): string {
  const dir = tmpDir();
  if (content !== undefined) fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

function read<T>(reader: Reader<T>, file: string, content: string | Buffer | undefined): ConfigValue<T> {
  const dir = withFile(file, content);
  const r = reader(dir);
  if (r.warning) expect(r.warning.file).toBe(`${dir}/${file}`);
  return r;
}

// content, value, warning (a fragment of the problem) or undefined when none.
type Case<T> = [string | Buffer | undefined, T, string | undefined];

const UINT_CASES: Case<number | "default">[] = [
  [undefined, "default", undefined],
  ["", "default", 'invalid value ""'],
  ["5", 5, undefined],
  ["5\n", 5, undefined],
  ["5\nxyz", 5, undefined],
  [Buffer.from("5\0abc"), 5, undefined],
  ["0", 0, undefined],
  ["00000000005", 5, undefined],
  // Only 11 bytes are read: the trailing 5 is never seen.
  ["000000000005", 0, undefined],
  [" 5", "default", 'invalid value " 5"'],
  ["5 ", "default", 'invalid value "5 "'],
  ["+5", "default", 'invalid value "+5"'],
  ["-1", "default", 'invalid value "-1"'],
  ["abc", "default", 'invalid value "abc"'],
  ["0x10", "default", 'invalid value "0x10"'],
  ["\n5", "default", 'invalid value ""'],
  ["4294967296", "default", 'invalid value "4294967296"'],
  ["99999999999", "default", 'invalid value "99999999999"'],
];

function checkUint(reader: Reader<number>, file: string, dflt: number, bigToZero: boolean): void {
  for (const [content, value, warning] of UINT_CASES) {
    const r = read(reader, file, content);
    expect(r.value, `${file} = ${JSON.stringify(String(content))}`).toBe(value === "default" ? dflt : value);
    if (warning === undefined) expect(r.warning).toBeUndefined();
    else expect(r.warning).toEqual(expect.objectContaining({ problem: warning, fallback: `default ${dflt}` }));
  }
  // Accepted by uint0_scan, refused by tain_from_millisecs(int): no timeout at all.
  for (const big of ["2147483648", "4294967295"]) {
    expect(read(reader, file, big)).toEqual({ value: bigToZero ? 0 : Number(big) });
  }
  expect(read(reader, file, "2147483647")).toEqual({ value: 2147483647 });
}

describe("uint files", () => {
  it("timeout-kill: ms, default 0", () => checkUint(readTimeoutKill, "timeout-kill", 0, true));
  it("timeout-finish: ms, default 5000", () => checkUint(readTimeoutFinish, "timeout-finish", 5000, true));

  it("max-death-tally: default 100, silently capped at 4096", () => {
    for (const [content, value] of [["5000", 4096], ["4096", 4096], ["4097\n", 4096], ["0", 0], ["4294967295", 4096]] as const) {
      expect(read(readMaxDeathTally, "max-death-tally", content)).toEqual({ value });
    }
    expect(read(readMaxDeathTally, "max-death-tally", undefined)).toEqual({ value: 100 });
    expect(read(readMaxDeathTally, "max-death-tally", "x").warning?.fallback).toBe("default 100");
  });

  for (const [name, reader] of [["notification-fd", readNotificationFd], ["lock-fd", readLockFd]] as const) {
    it(`${name}: undefined when absent or invalid, INT_MAX at most`, () => {
      expect(read(reader, name, undefined)).toEqual({ value: undefined });
      expect(read(reader, name, "3\n")).toEqual({ value: 3 });
      expect(read(reader, name, "0")).toEqual({ value: 0 });
      expect(read(reader, name, "2147483647")).toEqual({ value: 2147483647 });
      for (const bad of ["2147483648", "4294967295"]) {
        const r = read(reader, name, bad);
        expect(r.value).toBeUndefined();
        expect(r.warning?.problem).toBe(`invalid value "${bad}": above 2147483647`);
      }
      for (const bad of ["", "-1", "x3", "4294967296"]) {
        const r = read(reader, name, bad);
        expect(r.value).toBeUndefined();
        expect(r.warning?.problem).toBe(`invalid value ${JSON.stringify(bad)}`);
      }
    });
  }
});

describe("unreadable files warn and fall back, never throw", () => {
  it("a directory: EISDIR", () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, "timeout-finish"));
    expect(readTimeoutFinish(dir)).toEqual({
      value: 5000,
      warning: { file: `${dir}/timeout-finish`, problem: "unable to open: EISDIR", fallback: "default 5000", code: "EISDIR" },
    });
    fs.mkdirSync(path.join(dir, "down-signal"));
    expect(readDownSignal(dir)).toEqual({
      value: 15,
      warning: { file: `${dir}/down-signal`, problem: "unable to open: EISDIR", fallback: "default SIGTERM" },
    });
  });

  it("a symlink loop: ELOOP", () => {
    const dir = tmpDir();
    fs.symlinkSync("notification-fd", path.join(dir, "notification-fd"));
    expect(readNotificationFd(dir)).toEqual({
      value: undefined,
      warning: { file: `${dir}/notification-fd`, problem: "unable to open: ELOOP", fallback: "no readiness notification", code: "ELOOP" },
    });
  });

  it("a fifo without a writer reads empty instead of hanging", () => {
    const dir = tmpDir();
    mkfifo(path.join(dir, "max-death-tally"), 0o600);
    expect(readMaxDeathTally(dir)).toEqual({
      value: 100,
      warning: { file: `${dir}/max-death-tally`, problem: 'invalid value ""', fallback: "default 100" },
    });
  });

  it.skipIf(process.getuid?.() === 0)("a file we may not read: EACCES", () => {
    const dir = withFile("lock-fd", "3");
    fs.chmodSync(path.join(dir, "lock-fd"), 0);
    expect(readLockFd(dir).warning?.problem).toBe("unable to open: EACCES");
  });

  it("re-reads on every call", () => {
    const dir = withFile("timeout-kill", "10");
    expect(readTimeoutKill(dir).value).toBe(10);
    fs.writeFileSync(path.join(dir, "timeout-kill"), "20");
    expect(readTimeoutKill(dir).value).toBe(20);
  });
});

describe("down-signal", () => {
  const cases: Case<number>[] = [
    [undefined, 15, undefined],
    ["TERM", 15, undefined],
    ["sigkill", 9, undefined],
    ["SIGHUP\n", 1, undefined],
    ["9", 9, undefined],
    ["SIG9", 9, undefined],
    ["SiGuSr1\nrest", 10, undefined],
    ["IOT", 6, undefined],
    ["SIGIO", 29, undefined],
    ["0", 0, undefined],
    ["99", 99, undefined],
    ["000000000000009", 9, undefined],
    // Only 15 bytes are read.
    ["0000000000000009", 0, undefined],
    ["bogus", 15, 'invalid value "bogus"'],
    ["", 15, 'invalid value ""'],
    ["sig", 15, 'invalid value "sig"'],
    ["SIGSIGTERM", 15, 'invalid value "SIGSIGTERM"'],
    ["SIGRTMIN", 15, 'invalid value "SIGRTMIN"'],
    [" 9", 15, 'invalid value " 9"'],
    ["term ", 15, 'invalid value "term "'],
    ["SIGUSR1xxxxxxxxxxxx", 15, 'invalid value "SIGUSR1xxxxxxxx"'],
  ];
  it("follows sig0_scan", () => {
    for (const [content, value, warning] of cases) {
      const r = read(readDownSignal, "down-signal", content);
      expect(r.value, JSON.stringify(content)).toBe(value);
      if (warning === undefined) expect(r.warning).toBeUndefined();
      else expect(r.warning).toEqual(expect.objectContaining({ problem: warning, fallback: "default SIGTERM" }));
    }
  });
});

/** Files s6-supervise warned about, from its stderr. */
function warnedFiles(stderr: string): string[] {
  const files = [...stderr.matchAll(/warning: (?:invalid |unable to open )([\w-]+)/g)].map((m) => m[1]!);
  return [...new Set(files)].sort();
}

/**
 * Starts a real s6-supervise with `files`, brings the service up and down
 * (so that every small file gets read), and returns what it warned about
 * and the final status.
 */
async function probe(files: Record<string, string | Buffer>) {
  const dir = makeService(tmpDir(), "svc", { run: "#!/bin/sh\nexec sleep 1000\n", files });
  // A valid lock-fd needs this to exist, or s6 waits 60 s before starting.
  fs.mkdirSync(path.join(dir, "supervise"));
  fs.writeFileSync(path.join(dir, "supervise", "service-lock"), "");
  const sup = await supervise(dir);
  await run("s6-svwait", ["-u", "-t", "5000", dir]);
  await stop(sup);
  await sup.closed;
  return { dir, warned: warnedFiles(sup.stderr()), status: readStatusFile(dir) };
}

const REAL_CONTENTS: (string | Buffer)[] = [
  "", "5", "5\n", "5\nxyz", Buffer.from("5\0abc"), " 5", "5 ", "+5", "-1", "abc", "0x10", "\n5",
  "00000000005", "000000000005", "4294967295", "4294967296", "99999999999", "2147483648",
];

const UINT_READERS: Record<string, Reader<number | undefined>> = {
  "timeout-kill": readTimeoutKill,
  "timeout-finish": readTimeoutFinish,
  "max-death-tally": readMaxDeathTally,
  "notification-fd": readNotificationFd,
  "lock-fd": readLockFd,
};

function ourWarnings(files: Record<string, string | Buffer>): string[] {
  return Object.entries(files)
    .filter(([file, content]) => read(UINT_READERS[file]!, file, content).warning !== undefined)
    .map(([file]) => file)
    .sort();
}

describe.runIf(HAVE_S6)("the same rules as the real s6-supervise", () => {
  it("uint files: warns for exactly the same contents", async () => {
    await Promise.all(
      REAL_CONTENTS.map(async (content) => {
        const files: Record<string, string | Buffer> = {
          "timeout-kill": content,
          "timeout-finish": content,
          "max-death-tally": content,
        };
        const fd = read(readNotificationFd, "notification-fd", content).value;
        // A valid huge fd makes s6 fail to spawn (and retry in 10 s): only small ones are probed.
        if (fd === undefined || fd < 100) files["notification-fd"] = content;
        // A lock-fd equal to notification-fd would keep the service from starting.
        if (fd === undefined) files["lock-fd"] = content;
        const real = await probe(files);
        expect(real.warned, `content ${JSON.stringify(String(content))}`).toEqual(ourWarnings(files));
      }),
    );
  });

  it("unreadable files: warns the same way", async () => {
    const dir = makeService(tmpDir(), "svc", { run: "#!/bin/sh\nexec sleep 1000\n" });
    for (const f of ["timeout-kill", "timeout-finish", "notification-fd", "down-signal"]) fs.mkdirSync(path.join(dir, f));
    fs.symlinkSync("max-death-tally", path.join(dir, "max-death-tally"));
    const sup = await supervise(dir);
    await run("s6-svwait", ["-u", "-t", "5000", dir]);
    await stop(sup);
    await sup.closed;
    const stderr = sup.stderr();
    expect(stderr).toContain("unable to open timeout-kill: Is a directory");
    expect(stderr).toContain("unable to open max-death-tally: Too many levels of symbolic links");
    expect(warnedFiles(stderr)).toEqual(["down-signal", "max-death-tally", "notification-fd", "timeout-finish", "timeout-kill"]);
    for (const reader of [readTimeoutKill, readTimeoutFinish, readNotificationFd, readDownSignal, readMaxDeathTally]) {
      expect(reader(dir).warning?.problem).toMatch(/^unable to open: (EISDIR|ELOOP)$/);
    }
  });

  it("down-signal: same signal, same warnings", async () => {
    // Only contents whose signal kills `sleep`: s6-svc -d must bring it down.
    const contents = ["TERM", "sigkill", "SIGHUP\n", "9", "SIG9", "SiGuSr1", "IOT", "POLL", "SIGPWR", "STKFLT",
      "000000000000009", "bogus", "", "sig", "SIGRTMIN", " 9", "term ", "SIGUSR1xxxxxxxxxxxx", "UNUSED", "EMT"];
    await Promise.all(
      contents.map(async (content) => {
        const ours = read(readDownSignal, "down-signal", content);
        const real = await probe({ "down-signal": content });
        expect(real.warned, JSON.stringify(content)).toEqual(ours.warning ? ["down-signal"] : []);
        expect(real.status.wstat & 0x7f, JSON.stringify(content)).toBe(ours.value);
      }),
    );
  });
});

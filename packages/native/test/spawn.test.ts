import { closeSync, mkdtempSync, openSync, readFileSync, readSync, readlinkSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitAsleep } from "../../../test/helpers/proc.js";
import { dup2, pipe, reserveSpawnSlots, setNonblock, spawn, type SpawnOptions, getpgrp } from "@ts6/native";
import {
  childrenOf,
  freeFd,
  installReaper,
  openFds,
  readLine,
  sigbit,
  signalMasks,
  statFields,
  waitExit,
} from "./helpers.js";

const SIGPIPE = 13;
let dir: string;

beforeAll(() => {
  installReaper();
  dir = mkdtempSync(join(tmpdir(), "ts6-spawn-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `sleep` with the given options, inspects it once it sleeps, then
 * kills it. Good for what is settled before exec: fds, session, signal
 * state, cwd. */
async function withSleeper<T>(opts: Partial<SpawnOptions>, look: (pid: number) => T): Promise<T> {
  const pid = spawn({ file: "/bin/sleep", argv: ["sleep", "30"], fds: [[2, 2]], ...opts });
  try {
    await waitAsleep(pid);
    return look(pid);
  } finally {
    process.kill(pid, "SIGKILL");
    await waitExit(pid);
  }
}

/**
 * Runs a shell that says "up" and waits for its stdin to close, and inspects
 * it in between. spawn() returns as soon as the kernel lets the parent go,
 * which is before it has set up the new program's environment block:
 * reading /proc/PID/environ needs the child to show it is running.
 */
async function withRunningShell<T>(opts: Partial<SpawnOptions>, look: (pid: number) => T): Promise<T> {
  const gate = pipe();
  const report = pipe();
  const pid = spawn({
    file: "/bin/sh",
    argv: ["sh", "-c", "echo up; read x; exit 0"],
    fds: [[0, gate.read], [1, report.write], [2, 2]],
    ...opts,
  });
  closeSync(gate.read);
  closeSync(report.write);
  try {
    expect(await readLine(report.read)).toBe("up");
    return look(pid);
  } finally {
    closeSync(gate.write);
    expect(await waitExit(pid)).toBe(0);
  }
}

function environ(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").slice(0, -1);
}

function sameFile(pid: number, childFd: number, parentFd: number): boolean {
  return readlinkSync(`/proc/${pid}/fd/${childFd}`) === readlinkSync(`/proc/self/fd/${parentFd}`);
}

describe("spawn: fd map", () => {
  it("gives the child exactly the mapped fds", async () => {
    const p = pipe();
    await withSleeper({ fds: [[0, 0], [1, 1], [2, 2], [5, p.write]] }, (pid) => {
      expect(openFds(pid)).toEqual([0, 1, 2, 5]);
      expect(sameFile(pid, 5, p.write)).toBe(true);
    });
    closeSync(p.read);
    closeSync(p.write);
  });

  it("swaps and rotates fds whatever the overlap", async () => {
    const [a, b, c] = [pipe(), pipe(), pipe()];
    const [x, y, z] = [a.read, b.write, c.read];
    await withSleeper({ fds: [[x, y], [y, x]] }, (pid) => {
      expect(openFds(pid)).toEqual([x, y].sort((m, n) => m - n));
      expect(sameFile(pid, x, y)).toBe(true);
      expect(sameFile(pid, y, x)).toBe(true);
    });
    await withSleeper({ fds: [[x, y], [y, z], [z, x]] }, (pid) => {
      expect(sameFile(pid, x, y) && sameFile(pid, y, z) && sameFile(pid, z, x)).toBe(true);
    });
    for (const p of [a, b, c]) [p.read, p.write].forEach((fd) => closeSync(fd));
  });

  it("keeps a close-on-exec fd mapped to its own number", async () => {
    const p = pipe();
    await withSleeper({ fds: [[p.write, p.write]] }, (pid) => {
      expect(openFds(pid)).toEqual([p.write]);
      expect(sameFile(pid, p.write, p.write)).toBe(true);
    });
    closeSync(p.read);
    closeSync(p.write);
  });

  it("does not leak inheritable fds below or above the highest target", async () => {
    const p = pipe();
    const low = freeFd(3, 40);
    const high = freeFd(41, 200);
    dup2(p.read, low); // dup2 leaves them inheritable: a real leak if not closed
    dup2(p.read, high);
    await withSleeper({ fds: [[0, 0], [40, p.write]] }, (pid) => {
      expect(openFds(pid)).toEqual([0, 40]);
    });
    [p.read, p.write, low, high].forEach((fd) => closeSync(fd));
  });

  it("with thousands of fds open, maps a high one and leaves nothing else to the child", async () => {
    // The child starts on the daemon's own fd table and leaves it: a slip
    // would show here as a stray fd in the child or one closed in the daemon.
    expect(reserveSpawnSlots()).toBe(true);
    const many = Array.from({ length: 3000 }, () => openSync("/dev/null", "r"));
    const p = pipe();
    expect(p.write).toBeGreaterThan(3000);
    await withSleeper({ fds: [[0, 0], [1, 1], [2, 2], [3, p.write]] }, (pid) => {
      expect(openFds(pid)).toEqual([0, 1, 2, 3]);
      expect(sameFile(pid, 3, p.write)).toBe(true);
    });
    for (const fd of many) expect(readlinkSync(`/proc/self/fd/${fd}`)).toBe("/dev/null");
    many.forEach((fd) => closeSync(fd));
    // Nothing of the daemon's holds a copy of the write end: EOF once ours is closed.
    closeSync(p.write);
    setNonblock(p.read, true);
    expect(readSync(p.read, Buffer.alloc(1))).toBe(0);
    closeSync(p.read);
  });

  it("rejects a child fd mapped twice", () => {
    expect(() => spawn({ file: "/bin/true", argv: ["true"], fds: [[1, 1], [1, 2]] })).toThrow(RangeError);
  });
});

describe("spawn: process state", () => {
  it("makes a session leader by default, and not when asked", async () => {
    await withSleeper({}, (pid) => {
      const [, ppid, pgrp, session] = statFields(pid);
      expect(Number(ppid)).toBe(process.pid);
      expect(Number(pgrp)).toBe(pid);
      expect(Number(session)).toBe(pid);
    });
    await withSleeper({ setsid: false }, (pid) => {
      expect(statFields(pid)[3]).toBe(statFields("self")[3]);
    });
  });

  it("puts the child in a process group of its own, in our session, when asked", async () => {
    await withSleeper({ setsid: false, newGroup: true }, (pid) => {
      const [, , pgrp, session] = statFields(pid);
      expect(Number(pgrp)).toBe(pid);
      expect(session).toBe(statFields("self")[3]);
      expect(Number(pgrp)).not.toBe(getpgrp());
    });
  });

  it("starts with no blocked, ignored or caught signal", async () => {
    // Node ignores SIGPIPE unless listened to; then it catches it.
    expect(signalMasks("self").SigIgn! & sigbit(SIGPIPE)).not.toBe(0n);
    const look = (pid: number) => {
      const m = signalMasks(pid);
      // glibc reserves 32 (SIGCANCEL) and 33 (SIGSETXID) for its threads and
      // may have handlers on them: the spawn must reset those too.
      expect([m.SigBlk, m.SigIgn, m.SigCgt]).toEqual([0n, 0n, 0n]);
    };
    await withSleeper({}, look);
    const onPipe = () => {};
    process.on("SIGPIPE", onPipe);
    try {
      expect(signalMasks("self").SigCgt! & sigbit(SIGPIPE)).not.toBe(0n);
      await withSleeper({}, look);
    } finally {
      process.off("SIGPIPE", onPipe);
    }
  });

  it("runs in the given cwd with the given env", async () => {
    const env = ["A=1", "B=two words", "EMPTY="];
    await withRunningShell({ cwd: dir, env }, (pid) => {
      expect(readlinkSync(`/proc/${pid}/cwd`)).toBe(realpathSync(dir));
      expect(environ(pid)).toEqual(env);
    });
  });

  it("runs in a directory named /proc/self/fd/N, renamed since it was opened", async () => {
    const before = mkdtempSync(join(dir, "renamed-"));
    const fd = openSync(before, "r");
    try {
      const after = `${before}-moved`;
      renameSync(before, after);
      await withRunningShell({ cwd: `/proc/self/fd/${fd}` }, (pid) => {
        expect(readlinkSync(`/proc/${pid}/cwd`)).toBe(realpathSync(after));
      });
    } finally {
      closeSync(fd);
    }
  });

  it("inherits the current process.env by default", async () => {
    process.env.TS6_SPAWN_MARK = "yes";
    try {
      await withRunningShell({}, (pid) => {
        const env = environ(pid);
        expect(env).toContain("TS6_SPAWN_MARK=yes");
        expect(env.length).toBe(Object.keys(process.env).length);
      });
    } finally {
      delete process.env.TS6_SPAWN_MARK;
    }
  });

  it("resolves a relative file against cwd", async () => {
    writeFileSync(join(dir, "run"), "#!/bin/sh\nexit 7\n", { mode: 0o755 });
    const pid = spawn({ file: "./run", argv: ["./run"], cwd: dir, fds: [] });
    expect(await waitExit(pid)).toBe(0x700);
  });
});

describe("spawn: exec failures throw", () => {
  function failure(opts: Partial<SpawnOptions>): NodeJS.ErrnoException {
    const before = childrenOf(process.pid);
    try {
      spawn({ file: "./run", argv: ["run"], fds: [[2, 2]], ...opts });
    } catch (e) {
      // glibc reaped the failed child itself: nothing is left that exits 127
      expect(childrenOf(process.pid)).toEqual(before);
      return e as NodeJS.ErrnoException;
    }
    throw new Error("spawn did not throw");
  }

  it("ENOENT for a missing file", () => {
    const e = failure({ file: "./missing", cwd: dir });
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe("ENOENT: no such file or directory, spawn './missing'");
    expect({ code: e.code, errno: e.errno, syscall: e.syscall, path: e.path }).toEqual({
      code: "ENOENT",
      errno: -2,
      syscall: "spawn",
      path: "./missing",
    });
  });

  it("EACCES for a file without execute permission", () => {
    const file = join(dir, "not-executable");
    writeFileSync(file, "#!/bin/sh\n", { mode: 0o644 });
    expect(failure({ file })).toMatchObject({ code: "EACCES", errno: -13, syscall: "spawn", path: file });
  });

  it("EACCES for a directory (what Linux execve returns)", () => {
    expect(failure({ file: dir })).toMatchObject({ code: "EACCES", syscall: "spawn", path: dir });
  });

  it("ENOEXEC for an executable that is no program", () => {
    const file = join(dir, "garbage");
    writeFileSync(file, "\x7fELFnot really", { mode: 0o755 });
    const e = failure({ file });
    expect(e).toMatchObject({ code: "ENOEXEC", errno: -8, syscall: "spawn", path: file });
    expect(e.message).toBe(`ENOEXEC: exec format error, spawn '${file}'`);
  });

  it("names the cwd when that is what is missing", () => {
    const cwd = join(dir, "no-such-dir");
    expect(failure({ file: "/bin/true", cwd })).toMatchObject({ code: "ENOENT", syscall: "chdir", path: cwd });
  });

  it("EBADF for an unmapped parent fd", () => {
    const fd = openSync("/dev/null", "r");
    closeSync(fd);
    expect(failure({ file: "/bin/true", fds: [[0, fd]] })).toMatchObject({ code: "EBADF", syscall: "fcntl" });
  });
});

import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloexecFrom, dup, dup2, mkfifo, pipe, setNonblock } from "@ts6/native";
import { O_CLOEXEC, fdFlags, freeFd } from "./helpers.js";

const O_NONBLOCK = 0o4000;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ts6-fd-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pipe", () => {
  it("returns two close-on-exec ends that carry data", () => {
    const p = pipe();
    expect(fdFlags(p.read) & O_CLOEXEC).toBe(O_CLOEXEC);
    expect(fdFlags(p.write) & O_CLOEXEC).toBe(O_CLOEXEC);
    writeSync(p.write, "hi");
    const buf = Buffer.alloc(2);
    expect(readSync(p.read, buf)).toBe(2);
    expect(buf.toString()).toBe("hi");
    closeSync(p.read);
    closeSync(p.write);
  });
});

describe("mkfifo", () => {
  it("creates a FIFO whose mode has the umask applied", () => {
    const old = process.umask(0o027);
    try {
      const path = join(dir, "fifo");
      mkfifo(path, 0o666);
      const st = statSync(path);
      expect(st.isFIFO()).toBe(true);
      expect(st.mode & 0o7777).toBe(0o640);
      expect(() => mkfifo(path, 0o600)).toThrow(
        expect.objectContaining({
          code: "EEXIST",
          syscall: "mkfifo",
          path,
          message: `EEXIST: file already exists, mkfifo '${path}'`,
        }),
      );
    } finally {
      process.umask(old);
    }
  });

  it("rejects a mode that is not one", () => {
    expect(() => mkfifo(join(dir, "bad"), 0o10000)).toThrow(RangeError);
  });
});

describe("dup2, cloexecFrom, setNonblock", () => {
  it("dup2 makes an inheritable copy, cloexecFrom marks it again", () => {
    const p = pipe();
    const fd = freeFd(300, 400);
    dup2(p.write, fd);
    expect(fdFlags(fd) & O_CLOEXEC).toBe(0);
    cloexecFrom(fd);
    expect(fdFlags(fd) & O_CLOEXEC).toBe(O_CLOEXEC);
    [p.read, p.write, fd].forEach((f) => closeSync(f));
  });

  it("dup makes a close-on-exec copy that keeps the pipe open after the original closes", () => {
    const p = pipe();
    const copy = dup(p.write);
    expect(copy).not.toBe(p.write);
    expect(fdFlags(copy) & O_CLOEXEC).toBe(O_CLOEXEC);
    closeSync(p.write);
    writeSync(copy, "x");
    const buf = Buffer.alloc(1);
    expect(readSync(p.read, buf)).toBe(1);
    [p.read, copy].forEach((f) => closeSync(f));
  });

  it("dup2 of a closed fd throws EBADF", () => {
    const fd = freeFd(400, 500);
    expect(() => dup2(fd, fd + 1)).toThrow(expect.objectContaining({ code: "EBADF", errno: -9, syscall: "dup2" }));
  });

  it("setNonblock toggles O_NONBLOCK", () => {
    const fd = openSync("/dev/null", "r");
    setNonblock(fd, true);
    expect(fdFlags(fd) & O_NONBLOCK).toBe(O_NONBLOCK);
    setNonblock(fd, true);
    expect(fdFlags(fd) & O_NONBLOCK).toBe(O_NONBLOCK);
    setNonblock(fd, false);
    expect(fdFlags(fd) & O_NONBLOCK).toBe(0);
    closeSync(fd);
  });

  it("rejects what is not an fd number before it reaches the kernel", () => {
    expect(() => setNonblock(Number.NaN, true)).toThrow(RangeError);
    expect(() => dup2(1.5, 3)).toThrow(RangeError);
  });
});

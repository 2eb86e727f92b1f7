import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { appendRecord, mkfifo, notifyFifodir, readSmall, writeAtomic } from "@ts6/native";

const O_RDONLY_NONBLOCK = 0o4000;
const root = mkdtempSync(join(tmpdir(), "ts6-smallfile-"));
let dir: string;
let n = 0;

beforeEach(() => {
  dir = join(root, `d${n++}`);
  mkdirSync(dir);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The directory as a supervisor reaches it: through an fd, whatever it is called later. */
function throughFd(path: string): { here: string; close: () => void } {
  const fd = openSync(path, "r");
  return { here: `/proc/self/fd/${fd}`, close: () => closeSync(fd) };
}

describe("readSmall", () => {
  it("reads a file, at most max bytes, and says undefined for an absent one", () => {
    writeFileSync(join(dir, "notification-fd"), "3\n");
    expect(readSmall(join(dir, "notification-fd"), 11)?.toString()).toBe("3\n");
    expect(readSmall(join(dir, "notification-fd"), 1)?.toString()).toBe("3");
    expect(readSmall(join(dir, "lock-fd"), 11)).toBeUndefined();
  });

  it("does not hang on a fifo planted in place of the file", () => {
    mkfifo(join(dir, "timeout-kill"), 0o600);
    expect(readSmall(join(dir, "timeout-kill"), 11)?.length).toBe(0);
  });

  it("reads through /proc/self/fd/N after the directory was renamed", () => {
    writeFileSync(join(dir, "down-signal"), "SIGHUP");
    const d = throughFd(dir);
    renameSync(dir, `${dir}-moved`);
    try {
      expect(readSmall(`${d.here}/down-signal`, 15)?.toString()).toBe("SIGHUP");
      expect(readSmall(`${d.here}/absent`, 15)).toBeUndefined();
    } finally {
      d.close();
    }
  });

  it("throws a Node-style error naming the call and the path", () => {
    mkdirSync(join(dir, "finish"));
    expect(() => readSmall(join(dir, "finish"), 11)).toThrow(
      expect.objectContaining({ code: "EISDIR", syscall: "read", path: join(dir, "finish") }),
    );
  });
});

describe("writeAtomic", () => {
  it("replaces the file whole and leaves no .new behind", () => {
    const file = join(dir, "status");
    writeAtomic(file, Buffer.from("first, longer"));
    writeAtomic(file, Buffer.from("second"));
    expect(readFileSync(file, "latin1")).toBe("second");
    expect(readdirSync(dir)).toEqual(["status"]);
  });

  it("writes through /proc/self/fd/N after the directory was renamed", () => {
    mkdirSync(join(dir, "supervise"));
    const d = throughFd(dir);
    renameSync(dir, `${dir}-moved`);
    try {
      writeAtomic(`${d.here}/supervise/status`, Buffer.from("up"));
    } finally {
      d.close();
    }
    expect(readFileSync(join(`${dir}-moved`, "supervise", "status"), "latin1")).toBe("up");
  });

  it("fails without leaving .new when the rename cannot be done", () => {
    mkdirSync(join(dir, "status"));
    writeFileSync(join(dir, "status", "keep"), "");
    expect(() => writeAtomic(join(dir, "status"), Buffer.from("x"))).toThrow(expect.objectContaining({ syscall: "rename" }));
    expect(existsSync(join(dir, "status.new"))).toBe(false);
  });

  it("names the open that failed", () => {
    expect(() => writeAtomic(join(dir, "missing", "status"), Buffer.from("x"))).toThrow(
      expect.objectContaining({ code: "ENOENT", syscall: "open" }),
    );
  });
});

describe("notifyFifodir", () => {
  const listener = "ftrig1:@400000006930a1b2c3d4e5f6:abcdef";

  it("writes to every listener, skips other names, removes a fifo nobody reads", () => {
    const live = [listener, listener.replace("abcdef", "ABCDEF")];
    const dead = listener.replace("abcdef", "zzzzzz");
    const ignored = [`.${listener}`, "ftrig1:@short"];
    for (const name of [...live, dead, ...ignored]) mkfifo(join(dir, name), 0o600);
    const readers = live.map((name) => openSync(join(dir, name), O_RDONLY_NONBLOCK));
    try {
      expect(notifyFifodir(dir, Buffer.from("du"))).toBe(2);
      for (const fd of readers) {
        const buf = Buffer.alloc(8);
        expect(buf.subarray(0, readSync(fd, buf)).toString()).toBe("du");
      }
      expect(readdirSync(dir).sort()).toEqual([...live, ...ignored].sort());
    } finally {
      for (const fd of readers) closeSync(fd);
    }
  });

  it("throws only when the directory cannot be read", () => {
    expect(notifyFifodir(dir, Buffer.from("u"))).toBe(0);
    expect(() => notifyFifodir(join(dir, "event"), Buffer.from("u"))).toThrow(
      expect.objectContaining({ code: "ENOENT", syscall: "scandir" }),
    );
  });
});

describe("appendRecord", () => {
  const rec = (n: number): Buffer => Buffer.from([n, n, n]);

  it("starts a file, then keeps the last `keep` records, oldest first, written atomically", () => {
    const d = mkdtempSync(join(dir, "append-"));
    const file = join(d, "tally");
    appendRecord(file, rec(1), 3, 300);
    expect(readFileSync(file)).toEqual(rec(1));
    for (let i = 2; i <= 5; i++) appendRecord(file, rec(i), 3, 300);
    expect(readFileSync(file)).toEqual(Buffer.concat([rec(3), rec(4), rec(5)]));
    appendRecord(file, rec(6), 1, 300);
    expect(readFileSync(file)).toEqual(rec(6));
    expect(readdirSync(d)).toEqual(["tally"]);
  });

  it("drops contents that are not whole records, or longer than maxBytes", () => {
    const d = mkdtempSync(join(dir, "append-"));
    const file = join(d, "tally");
    writeFileSync(file, "abcd");
    appendRecord(file, rec(1), 10, 300);
    expect(readFileSync(file)).toEqual(rec(1));
    writeFileSync(file, Buffer.alloc(9));
    appendRecord(file, rec(2), 10, 6);
    expect(readFileSync(file)).toEqual(rec(2));
  });

  it("names the step and the file that failed, and refuses a keep below 1", () => {
    expect(() => appendRecord(join(dir, "absent-dir", "tally"), rec(1), 3, 300)).toThrow(/ENOENT.*open.*absent-dir/);
    expect(() => appendRecord(join(dir, "x"), rec(1), 0, 300)).toThrow(RangeError);
  });
});

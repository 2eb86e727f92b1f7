import { closeSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkfifo } from "@ts6/native";
import { withDeadline } from "../../../test/helpers/deadline.js";
import { FifoReader } from "../src/fifo-reader.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ts6-fifo-reader-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(dir, name);
  mkfifo(path, 0o600);
  return path;
}

function write(path: string, bytes: string): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, Buffer.from(bytes, "latin1"));
  } finally {
    closeSync(fd);
  }
}

function fdsOn(path: string): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

describe("FifoReader", () => {
  it("hands on each write's bytes, one char per byte, and goes on after writers close", async () => {
    const path = fifo("bytes");
    const got: string[] = [];
    let wake = (): void => undefined;
    const reader = new FifoReader(path, (b) => (got.push(b), wake()), (err) => { throw err; });
    try {
      for (const bytes of ["u", "d\xff", "x"]) {
        const heard = new Promise<void>((resolve) => (wake = resolve));
        write(path, bytes);
        await withDeadline(heard, 5_000, () => `bytes ${JSON.stringify(bytes)} from the FIFO`);
      }
      expect(got).toEqual(["u", "d\xff", "x"]);
    } finally {
      reader.close();
    }
  });

  it("reads nothing more once closed, even from inside its own callback, and closes its fd once", async () => {
    const path = fifo("close");
    const got: string[] = [];
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    const reader = new FifoReader(path, (b) => {
      got.push(b);
      reader.close();
      reader.close();
      closed();
    }, (err) => { throw err; });
    expect(fdsOn(path)).toBe(1);
    write(path, "ab");
    await withDeadline(done, 5_000, () => "the first bytes");
    expect(got).toEqual(["ab"]);
    expect(fdsOn(path)).toBe(0);
  });

  it("throws the open's error, with the path, for a FIFO that is not there", () => {
    expect(() => new FifoReader(join(dir, "absent"), () => undefined, () => undefined)).toThrow(/ENOENT.*absent/);
  });
});

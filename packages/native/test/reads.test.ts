import { closeSync, writeSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pipe, setNonblock, watchReads } from "@ts6/native";
import { withDeadline } from "../../../test/helpers/deadline.js";

function nonblockingPipe(): { read: number; write: number } {
  const p = pipe();
  setNonblock(p.read, true);
  return p;
}

describe("watchReads", () => {
  it("hands on every byte written, more than its buffer in one write too, then end of file once", async () => {
    const p = nonblockingPipe();
    const got: Buffer[] = [];
    const ends: (Error | undefined)[] = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    watchReads(p.read, (b) => got.push(Buffer.from(b)), (err) => (ends.push(err), ended()));
    const big = Buffer.alloc(10_000, 0x61);
    writeSync(p.write, big);
    writeSync(p.write, "end");
    closeSync(p.write);
    await withDeadline(done, 5_000, () => "end of file");
    expect(Buffer.concat(got).toString()).toBe(big.toString() + "end");
    expect(ends).toEqual([undefined]);
    closeSync(p.read);
  });

  it("reads nothing more once stopped, even from inside onBytes; drain reads what is there now", async () => {
    const p = nonblockingPipe();
    const got: string[] = [];
    const reads = watchReads(p.read, (b) => {
      got.push(b.toString());
      reads.stop();
    }, () => {
      throw new Error("no end expected");
    });
    writeSync(p.write, "one");
    reads.drain();
    writeSync(p.write, "two");
    reads.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(["one"]);
    closeSync(p.write);
    closeSync(p.read);
  });

  it("ends with the read's error: a closed fd gives EBADF", async () => {
    const p = nonblockingPipe();
    let ended!: (err?: Error) => void;
    const done = new Promise<Error | undefined>((resolve) => (ended = resolve));
    const reads = watchReads(p.read, () => undefined, (err) => ended(err));
    closeSync(p.read);
    closeSync(p.write);
    reads.drain();
    expect((await withDeadline(done, 5_000, () => "the end"))?.message).toMatch(/EBADF/);
  });
});

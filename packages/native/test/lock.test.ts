import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lock, spawn, testLock } from "@ts6/native";
import { installReaper, requireOrSkip, waitExit, which } from "./helpers.js";

const svok = which("s6-svok");
const haveS6 = requireOrSkip(svok !== undefined, "s6-svok is not installed; lock compatibility untested");

let dir: string;
let lockPath: string;

beforeAll(() => {
  installReaper();
  dir = mkdtempSync(join(tmpdir(), "ts6-lock-"));
  mkdirSync(join(dir, "supervise"));
  lockPath = join(dir, "supervise", "lock");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openLock(): number {
  return openSync(lockPath, constants.O_WRONLY | constants.O_CREAT, 0o644);
}

/** s6-svok's exit code: 0 supervised (lock held), 1 not. */
async function svokSays(): Promise<number> {
  const pid = spawn({ file: svok!, argv: ["s6-svok", dir], fds: [[2, 2]] });
  const wstat = await waitExit(pid);
  expect(wstat & 0x7f).toBe(0);
  return wstat >> 8;
}

describe("lock", () => {
  it("excludes a second open file description, and goes with the description that holds it", () => {
    const held = openLock();
    const other = openLock();
    expect(lock(held)).toBe(true);
    expect(lock(held)).toBe(true); // relocking one's own lock is fine
    expect(testLock(held)).toBe(false);
    expect(lock(other)).toBe(false);
    expect(testLock(other)).toBe(true);
    closeSync(held);
    expect(testLock(other)).toBe(false);
    expect(lock(other)).toBe(true);
    closeSync(other);
  });

  it("throws for an fd not open for writing", () => {
    const ro = openSync(lockPath, "r");
    try {
      expect(() => lock(ro)).toThrow(expect.objectContaining({ code: "EBADF", syscall: "fcntl" }));
    } finally {
      closeSync(ro);
    }
  });

  it.skipIf(!haveS6)("is seen by a real s6-svok", async () => {
    const held = openLock();
    expect(await svokSays()).toBe(1);
    expect(lock(held)).toBe(true);
    expect(await svokSays()).toBe(0);

    // A classic fcntl lock would be dropped here; an OFD lock is not.
    closeSync(openSync(lockPath, "r"));
    expect(await svokSays()).toBe(0);

    closeSync(held);
    expect(await svokSays()).toBe(1);

    const again = openLock();
    expect(lock(again)).toBe(true);
    expect(await svokSays()).toBe(0);
    closeSync(again);
    expect(await svokSays()).toBe(1);
  });
});

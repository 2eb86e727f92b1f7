import { closeSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipe, spawnAsync, type SpawnOptions } from "@ts6/native";
import { childrenOf, installReaper, readLine, waitExit } from "./helpers.js";

let dir: string;

beforeAll(() => {
  installReaper();
  dir = mkdtempSync(join(tmpdir(), "ts6-spawn-async-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spawned(opts: SpawnOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    spawnAsync(opts, (err, pid) => (err === null ? resolve(pid) : reject(err)));
  });
}

describe("spawnAsync", () => {
  it("starts the child as spawn does, with the mapped fds, and reports its pid later", async () => {
    writeFileSync(join(dir, "run"), '#!/bin/sh\necho "$1 $X $(pwd)"\n', { mode: 0o755 });
    const report = pipe();
    let reported = false;
    const pid = spawned({
      file: "./run",
      argv: ["run", "a b"],
      cwd: dir,
      env: ["X=1"],
      fds: [[1, report.write], [2, 2]],
    }).finally(() => (reported = true));
    // The callback never runs in the tick that asked for the spawn.
    expect(reported).toBe(false);
    const child = await pid;
    closeSync(report.write);
    expect(await readLine(report.read)).toBe(`a b 1 ${dir}`);
    expect(await waitExit(child)).toBe(0);
  });

  it("hands an exec failure to the callback as a Node-style error, leaving no child", async () => {
    const before = childrenOf(process.pid);
    const err = await spawned({ file: "./missing", argv: ["missing"], cwd: dir, fds: [[2, 2]] }).then(
      () => undefined,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).toBe("ENOENT: no such file or directory, spawn './missing'");
    expect({ code: err?.code, errno: err?.errno, syscall: err?.syscall }).toEqual({ code: "ENOENT", errno: -2, syscall: "spawn" });
    expect(childrenOf(process.pid)).toEqual(before);
  });

  it("throws at once, with no callback to come, for a request it cannot take", () => {
    let called = false;
    expect(() => spawnAsync({ file: "/bin/true", argv: ["true"], fds: [[1, 2], [1, 2]] }, () => (called = true))).toThrow(
      "child fd 1 is mapped twice",
    );
    expect(called).toBe(false);
  });

  it("runs many at once, each child getting its own fds", async () => {
    const runs = Array.from({ length: 50 }, async (_, i) => {
      const out = pipe();
      const pid = await spawned({ file: "/bin/sh", argv: ["sh", "-c", `echo ${i}`], fds: [[1, out.write]] });
      closeSync(out.write);
      const line = await readLine(out.read);
      expect(await waitExit(pid)).toBe(0);
      return line;
    });
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });
});

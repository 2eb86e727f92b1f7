import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { spawn } from "@ts6/native";
import { Reaper, createLogger } from "@ts6/supervise";
import { withDeadline } from "../../../test/helpers/deadline.js";
import { procState } from "../../../test/helpers/proc.js";
import { FAULT, injectFault } from "../../native/test/faults.js";

function zombieChildren(): number[] {
  return readdirSync("/proc/self/task")
    .flatMap((t) => readFileSync(`/proc/self/task/${t}/children`, "utf8").split(" "))
    .filter((p) => p !== "")
    .map(Number)
    .filter((pid) => procState(pid) === "Z");
}

/**
 * Holds the main thread (so that no callback can run) until `n` children of
 * ours are zombies. Nothing tells a blocked thread that a child died; this
 * looks at /proc every 5 ms, up to 10 s.
 */
function blockUntilZombies(n: number): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + 10_000;
  while (zombieChildren().length < n) {
    if (Date.now() > end) throw new Error(`${n} zombie children did not appear within 10 s`);
    Atomics.wait(nap, 0, 0, 5);
  }
}

describe("Reaper", () => {
  it("leaves a launched child that died before its spawn reported to its owner, not to the orphans", async () => {
    const reaper = new Reaper(createLogger("test", { level: "fatal" }));
    try {
      const quick: number[] = [];
      const pid = spawn({ file: "/bin/true", argv: ["true"], fds: [] });
      reaper.watch(pid, (ws) => quick.push(ws));
      const launched = new Promise<number>((resolve, reject) => {
        reaper.launch({ file: "/bin/sh", argv: ["sh", "-c", "exit 3"], fds: [] }, (err, child) => {
          if (err !== null) return reject(err);
          reaper.watch(child, resolve);
        });
      });
      // Both children are dead and the launch has not reported (its callback
      // cannot run while we hold the thread): a drain now must reap nothing,
      // or the launched child's death would be counted as an orphan's.
      blockUntilZombies(2);
      reaper.drain();
      expect(quick).toEqual([]);
      expect(await withDeadline(launched, 10_000, () => "death of the launched child")).toBe(3 << 8);
      expect(quick).toEqual([0]);
      expect(reaper.orphansReaped).toBe(0);
      expect(reaper.watched).toBe(0);
    } finally {
      reaper.close();
    }
  });

  // Without a fault, the exec fails; with one, the addon cannot even build the error and hands over the one it prepared.
  it.each([
    ["that failed", 0, "ENOENT"],
    ["whose error could not be built", FAULT.spawnError, "ENOMEM"],
  ])("reaps again once a launch %s has reported", async (_, fault, code) => {
    const reaper = new Reaper(createLogger("test", { level: "fatal" }));
    try {
      injectFault(fault);
      const failed = new Promise<string | undefined>((resolve) => {
        reaper.launch({ file: "/no/such/program", argv: ["x"], fds: [] }, (err) => resolve(err?.code));
      });
      expect(await withDeadline(failed, 10_000, () => "launch report")).toBe(code);
      const died = new Promise<number>((resolve) => {
        reaper.watch(spawn({ file: "/bin/sh", argv: ["sh", "-c", "exit 4"], fds: [] }), resolve);
      });
      expect(await withDeadline(died, 10_000, () => "death of a later child")).toBe(4 << 8);
    } finally {
      reaper.close();
    }
  });

  it("hands a death to its owner after a collection that failed", async () => {
    const reaper = new Reaper(createLogger("test", { level: "fatal" }));
    try {
      injectFault(FAULT.reapArray);
      const died = new Promise<number>((resolve) => {
        reaper.watch(spawn({ file: "/bin/sh", argv: ["sh", "-c", "exit 5"], fds: [] }), resolve);
      });
      expect(await withDeadline(died, 10_000, () => "death after a failed collection")).toBe(5 << 8);
    } finally {
      reaper.close();
    }
  });
});

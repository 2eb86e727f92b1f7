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
  it("hands a child that died at once to its owner, not to the orphans: it is watched in the tick of its spawn", () => {
    const reaper = new Reaper(createLogger("test", { level: "fatal" }));
    try {
      const heard: number[] = [];
      const pid = spawn({ file: "/bin/sh", argv: ["sh", "-c", "exit 3"], fds: [] });
      reaper.watch(pid, (ws) => heard.push(ws));
      blockUntilZombies(1);
      reaper.drain();
      expect(heard).toEqual([3 << 8]);
      expect(reaper.orphansReaped).toBe(0);
      expect(reaper.watched).toBe(0);
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

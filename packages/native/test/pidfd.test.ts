import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { watchExit } from "@ts6/native";

/** A process that is not our child: a shell's background sleep, orphaned when the shell exits. */
function orphanSleep(seconds: number): number {
  return Number(execFileSync("sh", ["-c", `sleep ${seconds} >/dev/null 2>&1 & echo $!`], { encoding: "utf8" }).trim());
}

function exitOf(pid: number): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve) => watchExit(pid, () => resolve(Date.now() - t0)));
}

describe("watchExit (pidfd)", () => {
  it("calls back once a process that is not our child exits, not before", async () => {
    const pid = orphanSleep(0.3);
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    const ms = await exitOf(pid);
    expect(ms).toBeGreaterThanOrEqual(200);
  });

  it("never calls back once stopped", async () => {
    const pid = orphanSleep(0.2);
    let stoppedFired = false;
    const stop = watchExit(pid, () => (stoppedFired = true));
    stop();
    stop();
    await exitOf(pid);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stoppedFired).toBe(false);
  });

  it("fails with ESRCH for a process that does not exist", () => {
    // Every pid is below pid_max.
    const none = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8"));
    expect(() => watchExit(none, () => undefined)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  });
});

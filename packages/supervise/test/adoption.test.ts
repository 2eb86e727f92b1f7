import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createLogger } from "@ts6/supervise";
import { evictOrphan, isTheProcess } from "../src/adoption.js";

/**
 * A session leader that is not our child: setsid in a shell's background,
 * orphaned when the shell exits. It says its pid once it leads its session,
 * then runs `command` with stdout elsewhere, which ends the output.
 */
function orphanLeader(setup: string, command: string): number {
  const inner = `${setup} echo $$; exec ${command} >/dev/null 2>&1`;
  return Number(execFileSync("sh", ["-c", `setsid sh -c '${inner}' &`], { encoding: "utf8" }).trim());
}

const log = createLogger("adoption-test");

describe("isTheProcess", () => {
  it("knows a live session leader by the time it started, and nothing else", () => {
    const pid = orphanLeader("", "sleep 5");
    try {
      expect(isTheProcess(pid, Date.now())).toBe(true);
      // Another start time: the pid was reused by someone else.
      expect(isTheProcess(pid, Date.now() - 60_000)).toBe(false);
      // Not a session leader: this test's own process.
      expect(isTheProcess(process.pid, Date.now())).toBe(false);
    } finally {
      process.kill(pid, "SIGKILL");
    }
  });
});

describe("evictOrphan", () => {
  it("sends the down-signal, then SIGKILL after timeout-kill, and reports once the process is gone", async () => {
    // TERM ignored, as a service deaf to its down-signal.
    const pid = orphanLeader('trap "" TERM;', "sleep 30");
    const t0 = Date.now();
    await new Promise<void>((resolve) => evictOrphan(pid, 15, 300, log, resolve));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(isTheProcess(pid, t0)).toBe(false);
  });
});

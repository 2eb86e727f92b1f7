import { closeSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { pipe, reap, spawn, wexitstatus, wifexited, wifsignaled, wtermsig } from "@ts6/native";
import { installReaper, waitExit } from "./helpers.js";

beforeAll(installReaper);

function sh(script: string, fds: ReadonlyArray<readonly [number, number]> = [[2, 2]]): number {
  return spawn({ file: "/bin/sh", argv: ["sh", "-c", script], fds });
}

describe("reap", () => {
  it("returns the raw status of a clean exit", async () => {
    const wstat = await waitExit(sh("exit 0"));
    expect(wstat).toBe(0);
    expect(wifexited(wstat) && wexitstatus(wstat) === 0).toBe(true);
  });

  it("returns the raw status of exit 3", async () => {
    const wstat = await waitExit(sh("exit 3"));
    expect(wstat).toBe(0x300);
    expect([wifexited(wstat), wexitstatus(wstat), wifsignaled(wstat)]).toEqual([true, 3, false]);
  });

  it("returns the raw status of a SIGKILL", async () => {
    const pid = spawn({ file: "/bin/sleep", argv: ["sleep", "30"], fds: [] });
    process.kill(pid, "SIGKILL");
    const wstat = await waitExit(pid);
    expect(wstat).toBe(9);
    expect([wifexited(wstat), wifsignaled(wstat), wtermsig(wstat)]).toEqual([false, true, 9]);
  });

  it("collects many children that exit together", async () => {
    // All block on one pipe and exit when it closes, so their SIGCHLDs coalesce.
    const gate = pipe();
    const pids = Array.from({ length: 20 }, (_, i) => sh(`read x; exit ${i}`, [[0, gate.read]]));
    closeSync(gate.read);
    closeSync(gate.write);
    const statuses = await Promise.all(pids.map((pid) => waitExit(pid)));
    expect(statuses).toEqual(pids.map((_, i) => i << 8));
  });

  it("returns an empty list when there is no child", () => {
    expect(reap()).toEqual([]);
  });
});

describe("wait-status helpers", () => {
  it("decode what Linux encodes", () => {
    expect([wifexited(0x100), wexitstatus(0x100)]).toEqual([true, 1]);
    // core dump bit set on a SIGSEGV death
    expect([wifexited(0x8b), wifsignaled(0x8b), wtermsig(0x8b)]).toEqual([false, true, 11]);
    // stopped by SIGSTOP: neither exited nor killed
    expect([wifexited(0x137f), wifsignaled(0x137f)]).toEqual([false, false]);
  });
});

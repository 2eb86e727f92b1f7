import { closeSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { pipe, reap, spawn } from "@ts6/native";
import { installReaper, waitExit } from "./helpers.js";

beforeAll(installReaper);

function sh(script: string, fds: ReadonlyArray<readonly [number, number]> = [[2, 2]]): number {
  return spawn({ file: "/bin/sh", argv: ["sh", "-c", script], fds });
}

describe("reap", () => {
  it("returns the raw status of a clean exit", async () => {
    const wstat = await waitExit(sh("exit 0"));
    expect(wstat).toBe(0);
  });

  it("returns the raw status of exit 3", async () => {
    const wstat = await waitExit(sh("exit 3"));
    expect(wstat).toBe(0x300);
  });

  it("returns the raw status of a SIGKILL", async () => {
    const pid = spawn({ file: "/bin/sleep", argv: ["sleep", "30"], fds: [] });
    process.kill(pid, "SIGKILL");
    const wstat = await waitExit(pid);
    expect(wstat).toBe(9);
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

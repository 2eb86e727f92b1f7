import { describe, expect, it } from "vitest";
import { reap, spawn, spawnAsync } from "@ts6/native";
import { withDeadline } from "../../../test/helpers/deadline.js";
import { waitProcState } from "../../../test/helpers/proc.js";
import { FAULT, injectFault } from "./faults.js";

/* No SIGCHLD handler in this file: each test reaps with reap() itself. */

function spawnedAsync(file: string, argv: string[]): Promise<{ err: NodeJS.ErrnoException | null; pid: number }> {
  const reported = new Promise<{ err: NodeJS.ErrnoException | null; pid: number }>((resolve) => {
    spawnAsync({ file, argv, fds: [] }, (err, pid) => resolve({ err, pid }));
  });
  return withDeadline(reported, 10_000, () => "spawnAsync callback");
}

/* reap() until `pid` shows up, up to 10 s: its death is near but not signalled to this file. */
async function reapedStatus(pid: number): Promise<number> {
  const end = Date.now() + 10_000;
  for (;;) {
    const found = reap().find((r) => r.pid === pid);
    if (found !== undefined) return found.wstat;
    if (Date.now() > end) throw new Error(`pid ${pid} was not reaped within 10 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("the addon never loses a child", () => {
  it("calls back with a prepared error when it cannot build the real one", async () => {
    injectFault(FAULT.spawnError);
    const { err } = await spawnedAsync("/no/such/program", ["x"]);
    expect({ code: err?.code, syscall: err?.syscall }).toEqual({ code: "ENOMEM", syscall: "spawn" });
  });

  it("kills a child whose pid it cannot hand over, reports a failure, and leaves it to be reaped", async () => {
    const before = new Set(reap().map((r) => r.pid));
    injectFault(FAULT.spawnPid);
    const { err, pid } = await spawnedAsync("/bin/sleep", ["sleep", "30"]);
    expect(err?.code).toBe("ENOMEM");
    expect(pid).toBe(0);
    // The child exists only as a zombie now, killed by SIGKILL: find it among whatever dies.
    const end = Date.now() + 10_000;
    let killed: { pid: number; wstat: number } | undefined;
    while (killed === undefined) {
      killed = reap().find((r) => !before.has(r.pid) && r.wstat === 9);
      if (killed === undefined && Date.now() > end) throw new Error("the killed child was not reaped within 10 s");
      if (killed === undefined) await new Promise((r) => setTimeout(r, 5));
    }
    expect(killed.wstat).toBe(9);
  });

  it("keeps a status it could not hand over for the next reap", async () => {
    const pid = spawn({ file: "/bin/sh", argv: ["sh", "-c", "exit 6"], fds: [] });
    await waitProcState(pid, (s) => s === "Z", 10_000);
    injectFault(FAULT.reapArray);
    expect(() => reap()).toThrow("unable to hand reaped children over");
    expect(await reapedStatus(pid)).toBe(6 << 8);
  });
});

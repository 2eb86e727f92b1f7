import { describe, expect, it } from "vitest";
import { reap, spawn } from "@ts6/native";
import { withDeadline } from "../../../test/helpers/deadline.js";
import { waitProcState } from "../../../test/helpers/proc.js";
import { FAULT, injectFault } from "./faults.js";

/* No SIGCHLD handler in this file: each test reaps with reap() itself. */

/*
 * reap() until a reaped child matches `wanted`, woken by SIGCHLD (listened
 * to before the first reap, so no death falls between), up to 10 s.
 */
async function reapedWhere(wanted: (r: { pid: number; wstat: number }) => boolean, what: string): Promise<{ pid: number; wstat: number }> {
  let wake = (): void => undefined;
  const onChld = (): void => wake();
  process.on("SIGCHLD", onChld);
  try {
    const search = (async () => {
      for (;;) {
        const signalled = new Promise<void>((resolve) => (wake = resolve));
        const found = reap().find(wanted);
        if (found !== undefined) return found;
        await signalled;
      }
    })();
    return await withDeadline(search, 10_000, () => what);
  } finally {
    process.off("SIGCHLD", onChld);
  }
}

describe("the addon never loses a child", () => {
  it("kills a child whose pid it cannot hand over, throws, and leaves it to be reaped", async () => {
    const before = new Set(reap().map((r) => r.pid));
    injectFault(FAULT.spawnPid);
    let thrown: NodeJS.ErrnoException | undefined;
    try {
      spawn({ file: "/bin/sleep", argv: ["sleep", "30"], fds: [] });
    } catch (e) {
      thrown = e as NodeJS.ErrnoException;
    }
    expect({ code: thrown?.code, syscall: thrown?.syscall }).toEqual({ code: "ENOMEM", syscall: "spawn" });
    // The child exists only as a zombie now, killed by SIGKILL: find it among whatever dies.
    const killed = await reapedWhere((r) => !before.has(r.pid) && r.wstat === 9, "the reap of the killed child");
    expect(killed.wstat).toBe(9);
  });

  it("keeps a status it could not hand over for the next reap", async () => {
    const pid = spawn({ file: "/bin/sh", argv: ["sh", "-c", "exit 6"], fds: [] });
    await waitProcState(pid, (s) => s === "Z", 10_000);
    injectFault(FAULT.reapArray);
    expect(() => reap()).toThrow("unable to hand reaped children over");
    expect((await reapedWhere((r) => r.pid === pid, `the reap of ${pid}`)).wstat).toBe(6 << 8);
  });
});

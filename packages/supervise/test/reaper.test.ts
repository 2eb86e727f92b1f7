import { describe, expect, it } from "vitest";
import { spawn } from "@ts6/native";
import { Reaper, createLogger } from "@ts6/supervise";

function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))]);
}

describe("Reaper", () => {
  it("gives the death of a child that exits before its spawn has reported to its owner, not to the orphans", async () => {
    const reaper = new Reaper(createLogger("test", { level: "fatal" }));
    try {
      const seen: number[] = [];
      // While the launch is in flight, a quick child of the main thread dies
      // and SIGCHLD asks for a drain: nothing may be reaped until the launched
      // pid is known, and then each death goes to its own owner.
      const quick = spawn({ file: "/bin/true", argv: ["true"], fds: [] });
      reaper.watch(quick, (ws) => seen.push(ws));
      const launched = new Promise<number>((resolve, reject) => {
        reaper.launch({ file: "/bin/sh", argv: ["sh", "-c", "exit 3"], fds: [] }, (err, pid) => {
          if (err !== null) return reject(err);
          reaper.watch(pid, resolve);
        });
      });
      reaper.drain();
      expect(await deadline(launched, 10_000, "the launched child's death")).toBe(3 << 8);
      expect(seen).toEqual([0]);
      expect(reaper.orphansReaped).toBe(0);
      expect(reaper.watched).toBe(0);
    } finally {
      reaper.close();
    }
  });

  it("reaps again once a launch that failed has reported", async () => {
    const reaper = new Reaper(createLogger("test", { level: "fatal" }));
    try {
      const failed = new Promise<string | undefined>((resolve) => {
        reaper.launch({ file: "/no/such/program", argv: ["x"], fds: [] }, (err) => resolve(err?.code));
      });
      expect(await failed).toBe("ENOENT");
      const died = new Promise<number>((resolve) => {
        const pid = spawn({ file: "/bin/sh", argv: ["sh", "-c", "exit 4"], fds: [] });
        reaper.watch(pid, resolve);
      });
      expect(await deadline(died, 10_000, "a later child's death")).toBe(4 << 8);
    } finally {
      reaper.close();
    }
  });
});

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// This file uses child_process, so it must never call reap(), which would
// steal libuv's children.
const run = promisify(execFile);
const fixture = fileURLToPath(new URL("./fixtures/exec.mjs", import.meta.url));

describe("execve", () => {
  it("replaces the process with only fds 0-2 and clean signals", async () => {
    const { stdout } = await run(process.execPath, [fixture], { timeout: 10_000 });
    const [ok, ...rest] = stdout.split("\n");
    expect(ok).toBe("ok");
    // ls lists its own directory fd (3) as well.
    const fds = rest.filter((l) => /^\d+$/.test(l)).map(Number);
    expect(fds).toEqual([0, 1, 2, 3]);
    for (const mask of ["SigBlk", "SigIgn", "SigCgt"])
      expect(stdout).toMatch(new RegExp(`^${mask}:\\s*0{16}$`, "m"));
  });

  it("throws a Node-style error and leaves the process working when exec fails", async () => {
    const { stdout } = await run(process.execPath, [fixture, "fail"], { timeout: 10_000 });
    expect(JSON.parse(stdout)).toEqual({
      code: "ENOENT",
      errno: -2,
      syscall: "execve",
      path: "/nonexistent/prog",
      message: "ENOENT: no such file or directory, execve '/nonexistent/prog'",
      restored: true,
    });
  });
});

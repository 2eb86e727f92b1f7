import { execFile, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { requireOrSkip, which } from "./helpers.js";

// This file uses child_process, so it must never call reap(), which would
// steal libuv's children.
const run = promisify(execFile);
const fixture = fileURLToPath(new URL("./fixtures/pid1-orphans.mjs", import.meta.url));
const unshare = which("unshare");
const ns = ["--pid", "--fork", "--mount-proc"];

function unshareProblem(): string | undefined {
  if (!unshare) return "unshare is not installed";
  const probe = spawnSync(unshare, [...ns, "true"], { encoding: "utf8", timeout: 10_000 });
  if (probe.status === 0) return undefined;
  return `unshare ${ns.join(" ")} is not permitted here: ${probe.stderr.trim() || probe.error?.message}`;
}

const problem = unshareProblem();
const canRun = requireOrSkip(problem === undefined, `${problem}; PID 1 reaping untested`);

describe("as PID 1", () => {
  it.skipIf(!canRun)(
    "reaps 1000 double-forked orphans on SIGCHLD and leaves no zombie",
    async () => {
      const { stdout } = await run(unshare!, [...ns, process.execPath, fixture, "1000"], { timeout: 55_000 });
      expect(JSON.parse(stdout)).toEqual({ how: "done", pid: 1, orphans: 1000, loopStatus: 0, zombies: 0 });
    },
    60_000,
  );
});

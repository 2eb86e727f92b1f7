import { spawn } from "node:child_process";
import { makeRoot, removeRoot } from "./cleanup.js";

/**
 * `count` shell loops that never sleep, running beside both trees for as
 * long as fn runs: a machine whose CPUs are busy with other work. Each loop
 * runs with its cwd in a directory of its own, so the bench's cleanup (by
 * cwd, also on Ctrl-C) kills them with everything else.
 */
export async function withBusyLoops<T>(count: number, tmpdir: string, fn: () => Promise<T>): Promise<T> {
  if (count === 0) return fn();
  const root = makeRoot(tmpdir);
  try {
    for (let i = 0; i < count; i++) {
      const loop = spawn("/bin/sh", ["-c", "while :; do :; done"], { cwd: root, detached: true, stdio: "ignore" });
      loop.once("error", () => undefined);
      loop.unref();
    }
    return await fn();
  } finally {
    await removeRoot(root);
  }
}

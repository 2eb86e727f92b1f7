import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { allPids, procCwd } from "./procfs.js";

/** Every temporary directory a measurement made and has not yet removed. */
const roots = new Set<string>();

/** A fresh directory under base for one tree; everything that runs in the tree has its cwd below it. */
export function makeRoot(base: string): string {
  const root = mkdtempSync(join(base, "ts6-bench-"));
  roots.add(root);
  return root;
}

function pidsUnder(root: string): number[] {
  const prefix = `${root}/`;
  return allPids().filter((pid) => {
    const cwd = procCwd(pid);
    return cwd !== undefined && (cwd === root || cwd.startsWith(prefix));
  });
}

/**
 * SIGKILLs every process whose cwd is under root (scanner, supervisors,
 * services, a stray client) until none is left. No event tells us when a
 * process that is not our child dies, so this one loop looks again.
 * @throws when some survive 10 s of it.
 */
export async function killUnder(root: string): Promise<void> {
  const end = performance.now() + 10_000;
  for (;;) {
    const pids = pidsUnder(root);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone meanwhile.
      }
    }
    if (performance.now() > end) throw new Error(`processes under ${root} survive SIGKILL: ${pids.join(" ")}`);
    await sleep(20);
  }
}

/** Kills what is left under root and removes it. */
export async function removeRoot(root: string): Promise<void> {
  await killUnder(root);
  rmSync(root, { recursive: true, force: true });
  roots.delete(root);
}

/** For an interrupted run: every tree's processes and files, whatever state they are in. */
export async function removeAllRoots(): Promise<void> {
  for (const root of [...roots]) await removeRoot(root);
}

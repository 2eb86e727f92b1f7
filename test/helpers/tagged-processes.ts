import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";

/**
 * Every process a test starts carries TS6_TEST_TAG in its environment, and
 * so does everything it spawns: run and finish scripts live in sessions of
 * their own, out of reach of the supervisor's process group, but not out of
 * reach of a scan of /proc for the tag.
 */
export const TAG_VARIABLE = "TS6_TEST_TAG";

export function newTag(): string {
  return randomUUID();
}

/** The live processes whose environment holds `tag` (zombies have none, and are no concern). */
export function taggedPids(tag: string): number[] {
  const needle = Buffer.from(`\0${TAG_VARIABLE}=${tag}\0`);
  const first = needle.subarray(1);
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let env: Buffer;
    try {
      env = readFileSync(`/proc/${name}/environ`);
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (env.includes(needle) || env.subarray(0, first.length).equals(first)) pids.push(Number(name));
  }
  return pids;
}

/**
 * SIGKILLs every process carrying `tag` until none is left; a process that
 * forks while we kill is caught by the next round.
 * @throws when some survive `ms` of this.
 */
export async function killTagged(tag: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const pids = taggedPids(tag);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    if (Date.now() > end) throw new Error(`processes tagged ${tag} survive SIGKILL: ${pids.join(" ")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

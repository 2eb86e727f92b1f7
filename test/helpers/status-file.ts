import { watch } from "node:fs";
import { join } from "node:path";
import { type SupervisorStatus, readStatusFile } from "@ts6/protocol";
import { withDeadline } from "./deadline.js";

/** supervise/status as it is now, or undefined when it cannot be read. */
export function readStatus(servicedir: string): SupervisorStatus | undefined {
  try {
    return readStatusFile(servicedir);
  } catch {
    return undefined;
  }
}

/**
 * Resolves with the status once `pred` holds for it. Status-only changes
 * (p, c, wanted state) send no event, so this waits on supervise/ itself:
 * every status write is a rename into it, which inotify reports.
 */
export async function waitStatus(
  servicedir: string, pred: (s: SupervisorStatus) => boolean, ms = 5000,
): Promise<SupervisorStatus> {
  let last: SupervisorStatus | undefined;
  const check = (): SupervisorStatus | undefined => {
    last = readStatus(servicedir);
    return last !== undefined && pred(last) ? last : undefined;
  };
  const watcher = watch(join(servicedir, "supervise"));
  try {
    const done = new Promise<SupervisorStatus>((resolve) => {
      watcher.on("change", () => {
        const s = check();
        if (s !== undefined) resolve(s);
      });
      const now = check();
      if (now !== undefined) resolve(now);
    });
    return await withDeadline(done, ms, () => `matching status in ${servicedir} (last: ${JSON.stringify(last)})`);
  } finally {
    watcher.close();
  }
}

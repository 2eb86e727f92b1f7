import { type FSWatcher as DirWatcher, watch as watchDir } from "node:fs";
import { basename } from "node:path";
import type { FSWatcher } from "chokidar";

const WATCHED_NAMES = new Set(["run", "log"]);

export interface ScandirWatch {
  /** Resolves once the watch is live: changes from then on are seen. */
  ready: Promise<void>;
  /**
   * Also watches these directories (and only these, replacing the previous
   * set) for an entry named run or log: service directories not whole yet,
   * or without a logger yet.
   */
  watchInside(dirs: ReadonlySet<string>): void;
  close(): Promise<void>;
}

/**
 * Watches the scan directory's own entries and calls onChange, debounced.
 * It is only a trigger: the rescan reads the directory and decides. Dot
 * names are ignored, so .s6-svscan/ traffic never causes a rescan; entries
 * inside service directories are not watched (depth 0), except in the few
 * directories the scanner is waiting on. chokidar is loaded here, on first
 * use: ts6-supervise and --no-watch never pay for it.
 */
export function watchScandir(scandir: string, onChange: () => void, debounceMs = 10): ScandirWatch {
  let pending: NodeJS.Timeout | undefined;
  const fire = (): void => {
    pending = undefined;
    onChange();
  };
  const trigger = (): void => {
    pending ??= setTimeout(fire, debounceMs);
  };
  const started: Promise<FSWatcher> = import("chokidar").then(({ watch }) => {
    const watcher = watch(scandir, {
      depth: 0,
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (path: string) => path !== scandir && basename(path).startsWith("."),
    });
    for (const ev of ["add", "addDir", "unlink", "unlinkDir"] as const) watcher.on(ev, trigger);
    return watcher;
  });
  const ready = started.then((watcher) => new Promise<void>((resolve) => watcher.once("ready", () => resolve())));
  // Plain inotify watches: libuv shares one inotify fd among them all, so they cost no fd each.
  const inside = new Map<string, DirWatcher>();
  const watchInside = (dirs: ReadonlySet<string>): void => {
    for (const [dir, w] of inside) {
      if (dirs.has(dir)) continue;
      w.close();
      inside.delete(dir);
    }
    for (const dir of dirs) {
      if (inside.has(dir)) continue;
      try {
        // Only the names that can complete a service: a service writing its own files causes no scan.
        const w = watchDir(dir, (_, name) => {
          if (name === null || WATCHED_NAMES.has(String(name))) trigger();
        });
        // Gone meanwhile: the scan that follows the scan directory's own event says so.
        w.on("error", () => w.close());
        inside.set(dir, w);
      } catch {
        trigger();
      }
    }
  };
  return {
    ready,
    watchInside,
    close: async () => {
      if (pending !== undefined) clearTimeout(pending);
      watchInside(new Set());
      await (await started).close();
    },
  };
}

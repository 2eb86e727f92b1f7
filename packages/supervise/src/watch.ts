import { basename } from "node:path";
import type { FSWatcher } from "chokidar";

export interface ScandirWatch {
  /** Resolves once the watch is live: changes from then on are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches the scan directory's own entries and calls onChange, debounced.
 * It is only a trigger: the rescan reads the directory and decides. Dot
 * names are ignored, so .s6-svscan/ traffic never causes a rescan; entries
 * inside service directories are never watched (depth 0). chokidar is
 * loaded here, on first use: ts6-supervise and --no-watch never pay for it.
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
  return {
    ready,
    close: async () => {
      if (pending !== undefined) clearTimeout(pending);
      await (await started).close();
    },
  };
}

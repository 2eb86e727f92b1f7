import { basename } from "node:path";
import { watch, type FSWatcher } from "chokidar";

/**
 * Watches the scan directory's own entries and calls onChange, debounced.
 * It is only a trigger: the rescan reads the directory and decides. Dot
 * names are ignored, so .s6-svscan/ traffic never causes a rescan; entries
 * inside service directories are never watched (depth 0).
 */
export interface ScandirWatch {
  /** Resolves once the watch is live: changes from then on are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchScandir(scandir: string, onChange: () => void, debounceMs = 10): ScandirWatch {
  let pending: NodeJS.Timeout | undefined;
  const fire = (): void => {
    pending = undefined;
    onChange();
  };
  const watcher: FSWatcher = watch(scandir, {
    depth: 0,
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path: string) => path !== scandir && basename(path).startsWith("."),
  });
  const trigger = (): void => {
    pending ??= setTimeout(fire, debounceMs);
  };
  for (const ev of ["add", "addDir", "unlink", "unlinkDir"] as const) watcher.on(ev, trigger);
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    close: async () => {
      if (pending !== undefined) clearTimeout(pending);
      await watcher.close();
    },
  };
}

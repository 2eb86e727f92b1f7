import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * "ready": signals readiness on fd 3 (notification-fd), then sleeps; the
 * shell becomes sleep, so each service is one small process.
 * "logged": the same, with a log/ service (a logger that signals readiness
 * too, then reads its pipe): the scanner joins the two with a pipe.
 * "crash": exits 1 at once, forever.
 */
export type ServiceKind = "ready" | "logged" | "crash";

const READY = "#!/bin/sh\necho >&3\nexec sleep 100000\n";
const LOGGER = "#!/bin/sh\necho >&3\nexec cat >/dev/null\n";
const CRASH = "#!/bin/sh\nexit 1\n";

export interface Scandir {
  path: string;
  /** Each service directory, in name order, each followed by its log/ if it has one. */
  services: string[];
}

function writeService(dir: string, run: string, notify: boolean, down: boolean): void {
  mkdirSync(dir);
  writeFileSync(join(dir, "run"), run, { mode: 0o755 });
  if (notify) writeFileSync(join(dir, "notification-fd"), "3\n");
  if (down) writeFileSync(join(dir, "down"), "");
}

/** Writes a scan directory of `count` identical services under root. */
export function makeScandir(root: string, count: number, kind: ServiceKind, opts: { down?: boolean } = {}): Scandir {
  const path = join(root, "scan");
  mkdirSync(path);
  const width = String(count - 1).length;
  const down = opts.down === true;
  const services: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(path, `svc${String(i).padStart(width, "0")}`);
    writeService(dir, kind === "crash" ? CRASH : READY, kind !== "crash", down);
    services.push(dir);
    if (kind === "logged") {
      writeService(join(dir, "log"), LOGGER, true, down);
      services.push(join(dir, "log"));
    }
  }
  return { path, services };
}

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * "ready": signals readiness on fd 3 (notification-fd), then sleeps; the
 * shell becomes sleep, so each service is one small process.
 * "crash": exits 1 at once, forever.
 */
export type ServiceKind = "ready" | "crash";

const RUN: Record<ServiceKind, string> = {
  ready: "#!/bin/sh\necho >&3\nexec sleep 100000\n",
  crash: "#!/bin/sh\nexit 1\n",
};

export interface Scandir {
  path: string;
  /** Each service directory, in name order. */
  services: string[];
}

/** Writes a scan directory of `count` identical services under root. */
export function makeScandir(root: string, count: number, kind: ServiceKind, opts: { down?: boolean } = {}): Scandir {
  const path = join(root, "scan");
  mkdirSync(path);
  const width = String(count - 1).length;
  const services: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(path, `svc${String(i).padStart(width, "0")}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "run"), RUN[kind], { mode: 0o755 });
    if (kind === "ready") writeFileSync(join(dir, "notification-fd"), "3\n");
    if (opts.down === true) writeFileSync(join(dir, "down"), "");
    services.push(dir);
  }
  return { path, services };
}

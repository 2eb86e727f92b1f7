import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Files of one service directory; scripts (run, finish, log/run) are made executable. */
export type ServiceFiles = Record<string, string>;

/** A fresh scan directory under the system's tmpdir holding `services`. */
export function makeScandir(services: Record<string, ServiceFiles>): string {
  const scandir = mkdtempSync(join(tmpdir(), "ts6-api-"));
  for (const [name, files] of Object.entries(services)) {
    for (const [file, content] of Object.entries(files)) {
      const path = join(scandir, name, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      if (/(^|\/)(run|finish)$/.test(file)) chmodSync(path, 0o755);
    }
  }
  return scandir;
}

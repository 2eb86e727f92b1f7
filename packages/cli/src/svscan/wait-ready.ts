import { join } from "node:path";
import { type FtrigListener, listen } from "@ts6/protocol";
import { monotonicMs } from "@ts6/supervise";
import type { ServiceReport } from "../status/report.js";
import { listServices } from "../status/services.js";
import { holdsTreeBack } from "./readiness.js";
import { reportsOf } from "./tree-reports.js";

/**
 * --wait-ready: resolves once every service of the scan directory that is
 * wanted up is up, and ready where it reports readiness; or, after `ms`,
 * with the services that are not. Woken by each service's event/ fifodir,
 * as s6-svwait is (supervise/status is written before the event is sent),
 * never by polling.
 */
export async function waitTreeReady(scandir: string, ms: number): Promise<ServiceReport[]> {
  const { entries } = listServices(scandir);
  let wake = (): void => undefined;
  const subs: FtrigListener[] = [];
  for (const entry of entries) {
    try {
      subs.push(listen(join(entry.dir, "event"), () => wake()));
    } catch {
      // No event/ (its supervisor could not start): it is reported as not ready at the deadline.
    }
  }
  const deadline = monotonicMs() + ms;
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const pending = reportsOf(scandir, entries).filter(holdsTreeBack);
      const left = deadline - monotonicMs();
      if (pending.length === 0 || left <= 0) return pending;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  } finally {
    clearTimeout(timer);
    for (const sub of subs) sub.close();
  }
}

import { type ServiceReport, reportService } from "../status/report.js";
import type { ServiceEntry } from "../status/services.js";

/**
 * `ts6 status --json`'s reports for these services; one whose status cannot
 * be read is left out. `scanned`: ts6-svscan runs on them, as it does for its
 * own endpoints.
 */
export function reportsOf(entries: readonly ServiceEntry[], scanned: boolean): ServiceReport[] {
  const out: ServiceReport[] = [];
  for (const entry of entries) {
    try {
      out.push(reportService(entry, scanned));
    } catch {
      // Being set up or taken away between the listing and the read.
    }
  }
  return out;
}

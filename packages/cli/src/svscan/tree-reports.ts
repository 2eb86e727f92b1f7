import { type ServiceReport, reportService } from "../status/report.js";
import { scannerFacts } from "../status/scanner.js";
import type { ServiceEntry } from "../status/services.js";

/**
 * `ts6 status --json`'s reports for the services of ts6-svscan's own scan
 * directory; one whose status cannot be read is left out.
 */
export function reportsOf(scandir: string, entries: readonly ServiceEntry[]): ServiceReport[] {
  const tree = scannerFacts(scandir);
  const out: ServiceReport[] = [];
  for (const entry of entries) {
    try {
      out.push(reportService(entry, tree));
    } catch {
      // Being set up or taken away between the listing and the read.
    }
  }
  return out;
}

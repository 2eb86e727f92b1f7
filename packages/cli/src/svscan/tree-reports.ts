import { type ServiceReport, reportService } from "../status/report.js";
import { type ServiceEntry, listServices } from "../status/services.js";

/** `ts6 status --json`'s reports for a scan directory; a service whose status cannot be read is left out. */
export function treeReports(scandir: string): ServiceReport[] {
  return reportsOf(listServices(scandir));
}

export function reportsOf(entries: readonly ServiceEntry[]): ServiceReport[] {
  const out: ServiceReport[] = [];
  for (const entry of entries) {
    try {
      out.push(reportService(entry));
    } catch {
      // Being set up or taken away between the listing and the read.
    }
  }
  return out;
}

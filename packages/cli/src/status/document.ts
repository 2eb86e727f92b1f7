import { sessionUsage } from "./proc-usage.js";
import { type ServiceReport, withUsage } from "./report.js";
import type { Listing } from "./services.js";
import { type Summary, summarize } from "./summary.js";

/** What `ts6 status --json` prints and ts6-svscan's /status serves: one shape for both. */
export interface StatusDocument {
  dir: string;
  kind: Listing["kind"];
  services: ServiceReport[];
  summary: Summary;
}

/** The reports with each running service's CPU and memory (sampled from /proc), and their summary. */
export async function statusDocument(dir: string, kind: Listing["kind"], reports: readonly ServiceReport[]): Promise<StatusDocument> {
  const usage = await sessionUsage(reports.flatMap((r) => (r.state === "up" && r.pid !== null ? [r.pid] : [])));
  const services = reports.map((r) => withUsage(r, r.pid === null ? undefined : usage.get(r.pid)));
  return { dir, kind, services, summary: summarize(services) };
}

import type { ServiceReport } from "../status/report.js";

/**
 * A service that keeps the tree from being ready: the report's problem
 * (wanted up, and not up, or up but not yet ready while it reports
 * readiness), the one definition `ts6 status` exits 3 on. One predicate for
 * --wait-ready, /readyz and ts6 status.
 */
export function holdsTreeBack(r: ServiceReport): boolean {
  return r.problem;
}

/** Up, and ready if it reports readiness at all. */
export function upAndReady(r: ServiceReport): boolean {
  return r.state === "up" && (r.ready || !r.notificationFd);
}

/** "db (down), cache (up, not ready)": what a person reads in the failure message. */
export function describeNotReady(reports: readonly ServiceReport[]): string {
  return reports.map((r) => `${r.name} (${r.state === "up" ? "up, not ready" : r.state})`).join(", ");
}

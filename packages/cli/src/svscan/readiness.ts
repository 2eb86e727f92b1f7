import type { ServiceReport } from "../status/report.js";

/**
 * A service that keeps the tree from being ready: wanted up, and not up,
 * or up but not yet ready while it reports readiness (notification-fd). A
 * service without notification-fd is ready once it is up, as s6-svwait -U
 * sees it. One predicate for --wait-ready and /readyz.
 */
export function holdsTreeBack(r: ServiceReport): boolean {
  if (!r.supervised) return r.normallyUp;
  return r.wantUp === true && !upAndReady(r);
}

/** Up, and ready if it reports readiness at all. */
export function upAndReady(r: ServiceReport): boolean {
  return r.state === "up" && (r.ready || !r.notificationFd);
}

/** "db (down), cache (up, not ready)": what a person reads in the failure message. */
export function describeNotReady(reports: readonly ServiceReport[]): string {
  return reports.map((r) => `${r.name} (${r.state === "up" ? "up, not ready" : r.state})`).join(", ");
}

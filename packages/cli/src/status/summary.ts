import type { ServiceReport } from "./report.js";

/** The counts behind the summary line; in --json as they are. */
export interface Summary {
  services: number;
  up: number;
  /** Up, with notification-fd, not ready yet. */
  notReady: number;
  downWantedUp: number;
  down: number;
  finishing: number;
  unsupervised: number;
  /** Every service wanted up is up, and ready where it reports readiness: exit 0. */
  ok: boolean;
}

export function summarize(reports: readonly ServiceReport[]): Summary {
  const count = (p: (r: ServiceReport) => boolean): number => reports.filter(p).length;
  return {
    services: reports.length,
    up: count((r) => r.state === "up"),
    notReady: count((r) => r.state === "up" && r.notificationFd && !r.ready),
    downWantedUp: count((r) => r.state === "down" && r.wantUp === true),
    down: count((r) => r.state === "down" && r.wantUp !== true),
    finishing: count((r) => r.state === "finishing"),
    unsupervised: count((r) => r.state === "unsupervised"),
    ok: reports.every((r) => !r.problem),
  };
}

/** "4 services: 3 up, 1 down and wanted up". */
export function summaryLine(s: Summary): string {
  const parts = [
    [s.up, s.notReady > 0 ? `up (${s.notReady} not ready)` : "up"],
    [s.downWantedUp, "down and wanted up"],
    [s.down, "down"],
    [s.finishing, "finishing"],
    [s.unsupervised, "unsupervised"],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const head = `${s.services} service${s.services === 1 ? "" : "s"}`;
  return shown.length === 0 ? `${head}\n` : `${head}: ${shown.join(", ")}\n`;
}

/*
 * A service and its logger stay together; groups with something wrong come
 * first, so that on a terminal the answer to "what is wrong" is at the top.
 */
export function problemsFirst(reports: readonly ServiceReport[]): ServiceReport[] {
  const groups: ServiceReport[][] = [];
  for (const r of reports) {
    if (r.logger && groups.length > 0) groups[groups.length - 1]!.push(r);
    else groups.push([r]);
  }
  const bad = (g: readonly ServiceReport[]): boolean => g.some((r) => r.problem);
  return [...groups.filter(bad), ...groups.filter((g) => !bad(g))].flat();
}

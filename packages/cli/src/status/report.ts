import { existsSync } from "node:fs";
import { type Tain, isSupervised, stillFailed, readDeathTally, readMaxDeathTally, tainCompare, tainNow, tainToUnixMs } from "@ts6/protocol";
import { secondsBetween } from "../clients/tain-math.js";
import { readServiceState } from "../service-state.js";
import { notificationProblem, runProblem } from "./problems.js";
import type { Usage } from "./proc-usage.js";
import { NO_SCANNER, type ScannerFacts } from "./scanner.js";
import type { ServiceEntry } from "./services.js";

/** One line of `ts6 status`; with --json, these field names are the stable interface. */
export interface ServiceReport {
  name: string;
  logger: boolean;
  /** A supervisor holds the service's lock (s6-svok would succeed). */
  supervised: boolean;
  state: "up" | "down" | "finishing" | "unsupervised";
  pid: number | null;
  /** Whole seconds since the last up/down transition, as s6-svstat counts them. */
  seconds: number | null;
  ready: boolean;
  readySeconds: number | null;
  /** The service has a notification-fd file: it reports readiness. */
  notificationFd: boolean;
  normallyUp: boolean;
  wantUp: boolean | null;
  paused: boolean;
  throttled: boolean;
  exitCode: number | null;
  signal: string | null;
  /** Deaths of run the supervisor keeps in supervise/death_tally (since it started). */
  restarts: number | null;
  /** The tally is full (max-death-tally, default 100): there were at least that many. */
  restartsCapped: boolean;
  /** CPU used by the service's session, percent of one core, over a short sample; null when down. */
  cpuPercent: number | null;
  /** Resident memory of the service's session, in bytes; null when down. */
  memoryBytes: number | null;
  /** Why the service is not as wanted, or worth a look; "" when nothing is. */
  note: string;
  /** Wanted up (or normally up when unsupervised) and not up, or up and not yet ready with notification-fd. */
  problem: boolean;
  /** Why ts6-svscan does not supervise it, when it said so: "too many open files". */
  reason?: string;
}

/** `tree`: what the scan directory's scanner says of its services (none for a lone servicedir). */
export function reportService(entry: ServiceEntry, tree: ScannerFacts = NO_SCANNER): ServiceReport {
  const base = { name: entry.name, logger: entry.logger, notificationFd: existsSync(`${entry.dir}/notification-fd`) };
  if (!isSupervised(entry.dir)) {
    const waiting = tree.waitingForFds.has(entry.name);
    return {
      ...base, supervised: false, state: "unsupervised", pid: null, seconds: null, ready: false, readySeconds: null,
      normallyUp: !existsSync(`${entry.dir}/down`), wantUp: null, paused: false, throttled: false, exitCode: null, signal: null,
      restarts: null, restartsCapped: false, cpuPercent: null, memoryBytes: null,
      note: waiting ? "ts6-svscan is out of file descriptors; it supervises the service once some are freed or the limit is raised"
        : tree.scanned ? "no supervisor yet, or it failed to start (the scanner's log says why)" : "",
      problem: !existsSync(`${entry.dir}/down`),
      ...(waiting ? { reason: "too many open files" } : {}),
    };
  }
  const s = readServiceState(entry.dir);
  const now = tainNow();
  const max = readMaxDeathTally(entry.dir).value;
  const restarts = readDeathTally(entry.dir).length;
  const state = s.up ? "up" : s.finishing ? "finishing" : "down";
  const r: ServiceReport = {
    ...base,
    supervised: true,
    state,
    pid: s.pid,
    seconds: secondsSince(s.raw.stamp, now),
    ready: s.ready,
    readySeconds: s.ready ? secondsSince(s.raw.readyStamp, now) : null,
    normallyUp: s.normallyUp,
    wantUp: s.wantUp,
    paused: s.paused,
    throttled: s.throttled,
    exitCode: s.exitCode,
    signal: s.signal,
    restarts,
    restartsCapped: max > 0 && restarts >= max,
    cpuPercent: null,
    memoryBytes: null,
    note: "",
    problem: s.wantUp && (!s.up || (base.notificationFd && !s.ready)),
  };
  const failure = tree.permanentFailures.get(entry.name);
  if (failure !== undefined && r.state === "down" && !s.wantUp && stillFailed(failure, s.raw.readyStamp)) {
    // Wanted up until its finish gave up: as much a problem as a crash loop.
    r.problem = true;
    r.note = `failed permanently (finish exited ${failure.code})`;
  } else {
    r.note = noteFor(r, entry.dir, s.raw.stamp);
  }
  return r;
}

export function withUsage(r: ServiceReport, usage: Usage | undefined): ServiceReport {
  return usage === undefined ? r : { ...r, cpuPercent: usage.cpuPercent, memoryBytes: usage.memoryBytes };
}

/* What a person asks first about a service that is not as wanted. */
function noteFor(r: ServiceReport, dir: string, stamp: Tain): string {
  const notes: string[] = [];
  if (r.state !== "up" && r.wantUp) {
    const why = runProblem(dir);
    if (why !== undefined) notes.push(why);
    else if (r.throttled) notes.push(throttleNote(stamp));
  }
  if (r.notificationFd) {
    const bad = notificationProblem(dir);
    if (bad !== undefined) notes.push(bad);
  }
  if (r.paused) notes.push("paused");
  if (r.state === "up" && !r.wantUp) notes.push("want down");
  if (r.state === "finishing" && r.wantUp) notes.push("want up");
  return notes.join(", ");
}

/*
 * s6 starts a service at most once a second: one found down and wanted up
 * died less than a second after it started, and comes back a second after
 * that start, so at the latest a second after its death. Longer waits
 * (a run that cannot be spawned waits 10 s) show without the estimate.
 */
function throttleNote(diedAt: Tain): string {
  const left = tainToUnixMs(diedAt) + 1000 - Date.now();
  return left > 0 ? `throttled: restarts in ${(left / 1000).toFixed(1)} s` : "throttled";
}

/* A stamp from the future (the clock went back) counts as now, as in s6-svstat. */
function secondsSince(t: Tain, now: Tain): number {
  return tainCompare(t, now) > 0 ? 0 : Number(secondsBetween(t, now));
}

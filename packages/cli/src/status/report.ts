import { existsSync } from "node:fs";
import { type Tain, isSupervised, tainCompare, tainNow } from "@ts6/protocol";
import { secondsBetween } from "../clients/tain-math.js";
import { readServiceState } from "../service-state.js";
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
  /** Why ts6-svscan does not supervise it, when it said so: "too many open files". */
  reason?: string;
}

export function reportService(entry: ServiceEntry, waitingForFds: ReadonlySet<string> = new Set()): ServiceReport {
  const base = { name: entry.name, logger: entry.logger, notificationFd: existsSync(`${entry.dir}/notification-fd`) };
  if (!isSupervised(entry.dir)) {
    return {
      ...base, supervised: false, state: "unsupervised", pid: null, seconds: null, ready: false, readySeconds: null,
      normallyUp: !existsSync(`${entry.dir}/down`), wantUp: null, paused: false, throttled: false, exitCode: null, signal: null,
      ...(waitingForFds.has(entry.name) ? { reason: "too many open files" } : {}),
    };
  }
  const s = readServiceState(entry.dir);
  const now = tainNow();
  return {
    ...base,
    supervised: true,
    state: s.up ? "up" : s.finishing ? "finishing" : "down",
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
  };
}

/* A stamp from the future (the clock went back) counts as now, as in s6-svstat. */
function secondsSince(t: Tain, now: Tain): number {
  return tainCompare(t, now) > 0 ? 0 : Number(secondsBetween(t, now));
}

import * as fs from "node:fs";
import type { SupervisorStatus } from "./status.js";

/*
 * What a status record says about its service, each defined once, as
 * s6-svstat reads it.
 */

/** run is alive: there is a pid, and it is not finish's. */
export function isUp(s: SupervisorStatus): boolean {
  return s.pid !== 0 && !s.finishing;
}

/** run has notified readiness (s6 clears the flag when run dies). */
export function isReady(s: SupervisorStatus): boolean {
  return s.pid !== 0 && s.ready;
}

/** Down and wanted up, finish done: waiting out the restart delay. */
export function isThrottled(s: SupervisorStatus): boolean {
  return !isUp(s) && !s.finishing && s.wantUp;
}

/**
 * No ./down file: the service starts with its supervisor. Throws what
 * stat(2) does, but ENOENT; asked at every supervisor start, so the common
 * answer (no such file) must not cost an exception.
 */
export function isNormallyUp(servicedir: string): boolean {
  return fs.statSync(`${servicedir}/down`, { throwIfNoEntry: false }) === undefined;
}

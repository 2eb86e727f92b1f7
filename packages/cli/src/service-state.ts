import {
  type SupervisorStatus, isNormallyUp, isReady, isThrottled, isUp, readStatusFile, signalName, tainToUnixMs,
  wexitstatus, wifexited, wifsignaled, wtermsig,
} from "@ts6/protocol";

/** A supervise/status decoded into what a person or a test asks about. */
export interface ServiceState {
  /** The run process is alive (it has a pid and is not finishing). */
  up: boolean;
  /** The run process's pid when up, else null. */
  pid: number | null;
  /** ./finish is running after run died. */
  finishing: boolean;
  /** Up and has notified readiness. */
  ready: boolean;
  /** The supervisor will (re)start the service when it is down. */
  wantUp: boolean;
  /** No ./down file: the service starts with its supervisor. */
  normallyUp: boolean;
  paused: boolean;
  /** Down, not finishing, and wanted up: waiting out s6's restart delay (at least 1 s after the last start). */
  throttled: boolean;
  /** How run last died, when it is down: its exit code, or the signal that killed it. */
  exitCode: number | null;
  signal: string | null;
  /** When the service last went up or down. */
  since: Date;
  /** When it became ready, while it is up and ready. */
  readySince: Date | null;
  /** The status file as decoded, for anything not derived above. */
  raw: SupervisorStatus;
}

export function deriveState(status: SupervisorStatus, normallyUp: boolean): ServiceState {
  const up = isUp(status);
  const ready = isReady(status);
  return {
    up,
    pid: up ? status.pid : null,
    finishing: status.finishing,
    ready,
    wantUp: status.wantUp,
    normallyUp,
    paused: status.paused,
    throttled: isThrottled(status),
    exitCode: !up && wifexited(status.wstat) ? wexitstatus(status.wstat) : null,
    signal: !up && wifsignaled(status.wstat) ? signalName(wtermsig(status.wstat)) : null,
    since: new Date(tainToUnixMs(status.stamp)),
    readySince: ready ? new Date(tainToUnixMs(status.readyStamp)) : null,
    raw: status,
  };
}

/** Reads DIR/supervise/status and DIR/down; throws what reading them throws. */
export function readServiceState(dir: string): ServiceState {
  return deriveState(readStatusFile(dir), isNormallyUp(dir));
}

import { type SupervisorStatus, TAIN_ZERO, errnoCode, notify, writeStatusFile } from "@ts6/protocol";
import { errorText } from "./errors.js";
import type { Logger } from "./log.js";

/**
 * A supervisor's status record and the only way out for it: publish()
 * writes supervise/status, then sends the event bytes to event/, so that a
 * client woken by an event always reads the state that event announces.
 */
export class StatusPublisher {
  readonly status: SupervisorStatus = {
    stamp: TAIN_ZERO, readyStamp: TAIN_ZERO, pid: 0, pgid: 0, wstat: 0,
    paused: false, finishing: false, wantUp: true, ready: true,
  };

  /** `here()`: the service directory as this process reaches it. */
  constructor(private readonly here: () => string, private readonly log: Logger) {}

  /** Writes the status file, then sends `events` (none: a change without an event, such as pausing). */
  publish(events = ""): void {
    try {
      writeStatusFile(this.here(), this.status);
    } catch (err) {
      this.log.warn({ file: "supervise/status", code: errnoCode(err) }, `unable to write status file: ${errorText(err)}`);
    }
    if (events !== "") this.send(events);
  }

  /** An event that changes nothing in the status file: the supervisor's last words, "x". */
  send(events: string): void {
    try {
      // here() is /proc/self/fd/N, already normal: no path.join (whose normalizing showed in profiles) for each event.
      notify(`${this.here()}/event`, events);
    } catch (err) {
      this.log.warn({ file: "event", code: errnoCode(err) }, `unable to notify event/: ${errorText(err)}`);
    }
  }
}

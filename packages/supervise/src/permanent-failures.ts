import { type PermanentFailure, errnoText, writePermanentFailures } from "@ts6/protocol";
import type { Logger } from "./log.js";
import type { Scanner } from "./scanner.js";

/**
 * Keeps .s6-svscan/permanent-failures for `ts6 status`: each service whose
 * finish exited 125, with the status stamp it left. A record outlives its
 * relevance harmlessly (the reader compares stamps), so nothing is removed
 * but what a later failure of the same service replaces.
 */
export function recordPermanentFailures(scanner: Scanner, scandir: string, log: Logger): void {
  const failures = new Map<string, PermanentFailure>();
  scanner.on("supervisor", (name, sup) => {
    sup.on("permanent-failure", (code, readyStamp) => {
      failures.set(name, { code, readyStamp });
      try {
        writePermanentFailures(scandir, failures);
      } catch (err) {
        log.warn({ service: name }, `unable to record the permanent failure of ${name} in .s6-svscan: ${errnoText(err)}`);
      }
    });
  });
}

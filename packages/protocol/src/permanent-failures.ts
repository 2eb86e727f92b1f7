import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomicwrite.js";
import { type Tain, tainCompare, tainFromText, tainToText } from "./tai.js";

/**
 * ts6-svscan's record of the services whose finish exited 125 (s6's
 * "permanent failure": the supervisor stops wanting the service up), in
 * .s6-svscan/: one line each, "NAME READYSTAMP CODE". s6 leaves no trace of
 * it in supervise/status, where it reads as `s6-svc -d`; the stamp ties the
 * record to that status, so that once anything happens to the service since
 * (its status stamp moves on), the record no longer applies. Not an s6
 * file; s6's clients never read it.
 */
export const PERMANENT_FAILURES = "permanent-failures";

export interface PermanentFailure {
  /** The status's ready stamp when the supervisor gave up: the record holds while it is unchanged. */
  readyStamp: Tain;
  /** finish's exit code: 125. */
  code: number;
}

function path(scandir: string): string {
  return join(scandir, ".s6-svscan", PERMANENT_FAILURES);
}

export function readPermanentFailures(scandir: string): ReadonlyMap<string, PermanentFailure> {
  const out = new Map<string, PermanentFailure>();
  let text: string;
  try {
    text = readFileSync(path(scandir), "utf8");
  } catch {
    return out;
  }
  for (const line of text.split("\n")) {
    const [name, stamp, code] = line.split(" ");
    if (name === undefined || stamp === undefined || code === undefined) continue;
    try {
      out.set(name, { readyStamp: tainFromText(stamp), code: Number(code) });
    } catch {
      // A line that is not ours to understand: skipped, as a reader must.
    }
  }
  return out;
}

export function writePermanentFailures(scandir: string, failures: ReadonlyMap<string, PermanentFailure>): void {
  let text = "";
  for (const [name, f] of failures) text += `${name} ${tainToText(f.readyStamp)} ${f.code}\n`;
  writeFileAtomic(path(scandir), Buffer.from(text));
}

/** The record applies to a status whose ready stamp is the recorded one. */
export function stillFailed(f: PermanentFailure, readyStamp: Tain): boolean {
  return tainCompare(f.readyStamp, readyStamp) === 0;
}

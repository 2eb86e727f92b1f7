import { appendRecord, readSmall } from "@ts6/native";
import { type Tain, TAIN_PACK_SIZE, tainPack, tainUnpack } from "./tai.js";
import { wexitstatus, wifsignaled, wtermsig } from "./wait-status.js";

/** One death of ./run: exitcode is 128+signal when killed, sig is 0 when it exited. */
export interface DeathRecord {
  stamp: Tain;
  exitcode: number;
  sig: number;
}

export const DEATH_RECORD_SIZE = TAIN_PACK_SIZE + 2;

export function encodeDeathTally(records: readonly DeathRecord[]): Buffer {
  const buf = Buffer.alloc(records.length * DEATH_RECORD_SIZE);
  records.forEach((r, i) => {
    const at = i * DEATH_RECORD_SIZE;
    tainPack(r.stamp, buf, at);
    // s6 stores both in unsigned chars: out-of-range values wrap the same way.
    buf[at + TAIN_PACK_SIZE] = r.exitcode & 0xff;
    buf[at + TAIN_PACK_SIZE + 1] = r.sig & 0xff;
  });
  return buf;
}

export function decodeDeathTally(buf: Buffer): DeathRecord[] {
  if (buf.length % DEATH_RECORD_SIZE !== 0)
    throw new Error(`death tally is ${buf.length} bytes, not a multiple of the ${DEATH_RECORD_SIZE}-byte record`);
  const records: DeathRecord[] = [];
  for (let at = 0; at < buf.length; at += DEATH_RECORD_SIZE) {
    records.push({
      stamp: tainUnpack(buf, at),
      exitcode: buf.readUInt8(at + TAIN_PACK_SIZE),
      sig: buf.readUInt8(at + TAIN_PACK_SIZE + 1),
    });
  }
  return records;
}

export function deathTallyPath(servicedir: string): string {
  return `${servicedir}/supervise/death_tally`;
}

// max-death-tally is at most 4096: no supervisor writes a longer tally.
const DEATH_TALLY_MAX_BYTES = 4096 * DEATH_RECORD_SIZE;

/**
 * Oldest first. A missing file is an empty tally; so is a file whose size is
 * not a whole number of records, or longer than any tally can be, which
 * s6_dtally_read also discards (it truncates it; this reader leaves the
 * file alone, the next write replaces it).
 */
export function readDeathTally(servicedir: string): DeathRecord[] {
  const buf = readSmall(deathTallyPath(servicedir), DEATH_TALLY_MAX_BYTES + 1);
  if (buf === undefined || buf.length > DEATH_TALLY_MAX_BYTES || buf.length % DEATH_RECORD_SIZE !== 0) return [];
  return decodeDeathTally(buf);
}

/** How run died, from its wait status, as s6-supervise records it. */
export function deathRecord(stamp: Tain, wstat: number): DeathRecord {
  const sig = wifsignaled(wstat) ? wtermsig(wstat) : 0;
  return { stamp, exitcode: sig !== 0 ? 128 + sig : wexitstatus(wstat), sig };
}

/**
 * Adds one death at the end, keeping the last `max` (0: no tally kept), as
 * s6-supervise does: one call to the addon, which keeps the records already
 * there as bytes (a crash-looping service has a full tally) and drops a
 * file that is not whole records or is longer than any tally.
 */
export function appendDeathTally(servicedir: string, record: DeathRecord, max: number): void {
  if (max === 0) return;
  appendRecord(deathTallyPath(servicedir), encodeDeathTally([record]), max, DEATH_TALLY_MAX_BYTES);
}

import { readSmall } from "@ts6/native";
import { writeFileAtomic } from "./atomicwrite.js";
import { errnoError } from "./errors.js";
import { type Tain, tainPack, tainUnpack } from "./tai.js";

/** The supervise/status record; field meanings in s6-protocol.md §2. */
export interface SupervisorStatus {
  stamp: Tain;
  readyStamp: Tain;
  /** run's pid when up, finish's pid while finishing, 0 when down. */
  pid: number;
  /** Only stored by the s6 2.13 layout; 0 when read from a 2.11 file. */
  pgid: number;
  /** Raw wait status of run's last death. */
  wstat: number;
  paused: boolean;
  finishing: boolean;
  wantUp: boolean;
  ready: boolean;
}

export const STATUS_SIZE = 35;
export const STATUS_SIZE_213 = 43;

const FLAG_PAUSED = 1;
const FLAG_FINISHING = 2;
const FLAG_WANTUP = 4;
const FLAG_READY = 8;

function packFlags(s: SupervisorStatus): number {
  return (
    (s.paused ? FLAG_PAUSED : 0) |
    (s.finishing ? FLAG_FINISHING : 0) |
    (s.wantUp ? FLAG_WANTUP : 0) |
    (s.ready ? FLAG_READY : 0)
  );
}

/** The 35-byte layout of s6 2.11 (pgid is not stored). */
export function encodeStatus(s: SupervisorStatus): Buffer {
  if (!Number.isSafeInteger(s.pid) || s.pid < 0) throw new RangeError(`invalid pid ${s.pid}`);
  const buf = Buffer.alloc(STATUS_SIZE);
  tainPack(s.stamp, buf, 0);
  tainPack(s.readyStamp, buf, 12);
  buf.writeBigUInt64BE(BigInt(s.pid), 24);
  buf.writeUInt16BE(s.wstat & 0xffff, 32);
  buf[34] = packFlags(s);
  return buf;
}

/** Accepts the 2.11 layout and the 43-byte 2.13 one (pgid inserted before wstat). */
export function decodeStatus(buf: Buffer): SupervisorStatus {
  let pgid = 0;
  let rest: number;
  if (buf.length === STATUS_SIZE) rest = 32;
  else if (buf.length === STATUS_SIZE_213) {
    pgid = Number(buf.readBigUInt64BE(32));
    rest = 40;
  } else {
    throw new Error(
      `status record is ${buf.length} bytes, expected ${STATUS_SIZE} (s6 2.11) or ${STATUS_SIZE_213} (s6 2.13)`,
    );
  }
  const flags = buf.readUInt8(rest + 2);
  return {
    stamp: tainUnpack(buf, 0),
    readyStamp: tainUnpack(buf, 12),
    pid: Number(buf.readBigUInt64BE(24)),
    pgid,
    wstat: buf.readUInt16BE(rest),
    paused: (flags & FLAG_PAUSED) !== 0,
    finishing: (flags & FLAG_FINISHING) !== 0,
    wantUp: (flags & FLAG_WANTUP) !== 0,
    ready: (flags & FLAG_READY) !== 0,
  };
}

export function statusPath(servicedir: string): string {
  return `${servicedir}/supervise/status`;
}

/** Atomic, as s6_svstatus_write: clients may read at any moment. */
export function writeStatusFile(servicedir: string, s: SupervisorStatus): void {
  writeFileAtomic(statusPath(servicedir), encodeStatus(s));
}

export function readStatusFile(servicedir: string): SupervisorStatus {
  const status = readStatusFileIfAny(servicedir);
  if (status !== undefined) return status;
  const file = statusPath(servicedir);
  throw errnoError("ENOENT", `ENOENT: no such file or directory, open '${file}'`, file);
}

/**
 * The same, but undefined where there is no status file yet, without the
 * cost of an exception: a supervisor starting on a new service asks this.
 */
export function readStatusFileIfAny(servicedir: string): SupervisorStatus | undefined {
  const file = statusPath(servicedir);
  // One byte more than the largest layout is enough to tell that a file is oversized.
  const buf = readSmall(file, STATUS_SIZE_213 + 1);
  return buf === undefined ? undefined : decodeStatusFile(file, buf);
}

function decodeStatusFile(file: string, buf: Buffer): SupervisorStatus {
  try {
    if (buf.length > STATUS_SIZE_213)
      throw new Error(`more than ${STATUS_SIZE_213} bytes, expected ${STATUS_SIZE} (s6 2.11) or ${STATUS_SIZE_213} (s6 2.13)`);
    return decodeStatus(buf);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
}

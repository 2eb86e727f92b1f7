import { sys } from "./errors.js";
import { native } from "./binding.js";

/**
 * The first `max` bytes of a file (all of it if shorter), opened
 * O_NONBLOCK so that a fifo planted in its place cannot hang the caller;
 * undefined when the file does not exist. One call, and no exception for
 * an absent file: a supervisor asks for several optional files per start.
 */
export function readSmall(path: string, max: number): Buffer | undefined {
  return sys(() => native.readSmall(path, max)) ?? undefined;
}

/** Writes `path.new` and renames it over `path`, so that a reader sees the old contents or the new, never a mix. */
export function writeAtomic(path: string, data: Buffer): void {
  sys(() => native.writeAtomic(path, data));
}

/**
 * Sends `data` to every listener fifo in a fifodir (named as s6's ftrig1
 * names them), never blocking: a full fifo is skipped, one without a
 * reader is a dead listener's and is removed. Returns how many listeners
 * got all of it; throws only when the directory cannot be read.
 */
export function notifyFifodir(dir: string, data: Buffer): number {
  return sys(() => native.notifyFifodir(dir, data));
}

/**
 * Adds `record` at the end of a file of records of its size, keeping the
 * last `keep`, written as writeAtomic writes; contents longer than
 * `maxBytes`, or not whole records, are dropped rather than kept. One call
 * for a read, a trim and an atomic write: s6's death_tally, at each death.
 */
export function appendRecord(path: string, record: Buffer, keep: number, maxBytes: number): void {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a positive integer, got ${keep}`);
  sys(() => native.appendRecord(path, record, keep, maxBytes));
}

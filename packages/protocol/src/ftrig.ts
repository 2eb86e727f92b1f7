import * as fs from "node:fs";
import { type Reads, mkfifo, notifyFifodir, watchReads } from "@ts6/native";
import { errnoCode, errnoError } from "./errors.js";
import { tainNow, tainToText } from "./tai.js";

const { O_RDONLY, O_WRONLY, O_NONBLOCK } = fs.constants;

function unlinkQuietly(path: string | Buffer): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Someone else cleaned up first, or cannot: either way nothing to do.
  }
}

/**
 * Sends `bytes` to every listener of a fifodir, as ftrigw_notifyb_nosig:
 * never blocks, never fails because of a listener. A fifo without a reader
 * (ENXIO at open, EPIPE at write) is a dead listener's leftover and is
 * removed; a full one (EAGAIN) is skipped. Node ignores SIGPIPE, so a
 * vanished reader costs an EPIPE, not the process.
 * @returns how many listeners got all the bytes.
 * @throws only when the directory itself cannot be read.
 */
export function notify(eventdir: string, bytes: string | Buffer): number {
  return notifyFifodir(eventdir, typeof bytes === "string" ? Buffer.from(bytes) : bytes);
}

export interface FtrigListener {
  /** The fifo's final name, under the fifodir. */
  readonly path: string;
  /** Removes the fifo and stops delivery; safe to call twice. */
  close(): void;
}

// Same 64-symbol alphabet s6 draws from: letters, digits, '-' and '_'.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * The suffix only has to keep two listeners created in the same
 * nanosecond apart (and a clash is retried), so Math.random will do:
 * node:crypto would load dozens of modules into every supervisor for it.
 */
function randomSuffix(): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += ALPHABET[Math.floor(Math.random() * 64)];
  return s;
}

/** mkfifo a fresh hidden name, retrying on the (unlikely) collision as mkptemp2 does. */
function makeHiddenFifo(eventdir: string): { hidden: string; name: string } {
  for (;;) {
    const name = `ftrig1:${tainToText(tainNow())}:${randomSuffix()}`;
    const hidden = `${eventdir}/.${name}`;
    try {
      mkfifo(hidden, 0o600);
    } catch (err) {
      if (errnoCode(err) === "EEXIST") continue;
      throw err;
    }
    return { hidden, name };
  }
}

/**
 * Subscribes to a fifodir as ftrig1_make does. The fifo is created under a
 * dot name, which writers skip, and renamed only once it is open at both
 * ends: our own write end means it never reads EOF. Bytes are read through
 * epoll (the addon's watchReads), never the thread pool, and without
 * node:net, which every process that loads this module would otherwise
 * carry. A read error closes the listener.
 */
export function listen(eventdir: string, onBytes: (b: Buffer) => void): FtrigListener {
  const { hidden, name } = makeHiddenFifo(eventdir);
  const path = `${eventdir}/${name}`;
  let rfd = -1;
  let wfd = -1;
  try {
    // mkfifo(2) applied the umask; s6 creates these 0600 exactly.
    fs.chmodSync(hidden, 0o600);
    rfd = fs.openSync(hidden, O_RDONLY | O_NONBLOCK);
    wfd = fs.openSync(hidden, O_WRONLY | O_NONBLOCK);
    fs.renameSync(hidden, path);
  } catch (err) {
    if (wfd >= 0) fs.closeSync(wfd);
    if (rfd >= 0) fs.closeSync(rfd);
    unlinkQuietly(hidden);
    throw err;
  }
  let open = true;
  let reads: Reads | undefined;
  const close = (): void => {
    if (!open) return;
    open = false;
    unlinkQuietly(path);
    reads?.stop();
    fs.closeSync(rfd);
    fs.closeSync(wfd);
  };
  try {
    // A copy of each read: the listener may keep what it is given.
    reads = watchReads(rfd, (bytes) => onBytes(Buffer.from(bytes)), close);
  } catch (err) {
    close();
    throw err;
  }
  return { path, close };
}

/**
 * ftrigw_fifodir_make without force: create the fifodir when missing (0700,
 * then chown to `gid` and chmod; -1 = no group: 01733, anyone may
 * subscribe; otherwise 03730, the group may), never touch an existing one.
 * An existing path must be a directory owned by our uid.
 */
export function makeFifodir(path: string, gid: number, mode: number = gid === -1 ? 0o1733 : 0o3730): void {
  try {
    fs.mkdirSync(path, 0o700);
  } catch (err) {
    if (errnoCode(err) !== "EEXIST") throw err;
    const st = fs.statSync(path);
    if (st.uid !== process.getuid?.())
      throw errnoError("EACCES", `${path}: fifodir belongs to uid ${st.uid}, not to us`, path);
    if (!st.isDirectory()) throw errnoError("ENOTDIR", `${path}: exists and is not a directory`, path);
    return;
  }
  if (gid !== -1) fs.chownSync(path, -1, gid);
  fs.chmodSync(path, mode);
}

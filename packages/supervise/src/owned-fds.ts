import { closeSync } from "node:fs";
import { dup } from "@ts6/native";
import { devNullFds } from "./devnull.js";
import { FifoReader } from "./fifo-reader.js";
import { fail } from "./supervise-dir.js";

/**
 * Every fd a supervisor holds, released together. Its stdio fds above 2 (a
 * log pipe end) are its own copies, or, when shared, references the owner
 * (the scanner's SharedPipe) counts: either way, as with a separate
 * s6-supervise process, the pipe stays open exactly as long as some
 * supervisor may still hand it to a child, and no longer.
 */
export class OwnedFds {
  /** What run and finish get as 0, 1 and 2. */
  stdio: [number, number, number];
  /** The OFD lock on supervise/lock, held for the supervisor's life. */
  lockFd = -1;
  /** supervise/control, read through epoll. */
  control: FifoReader | undefined;

  /** `shared`: the owner keeps the stdio fds open while this supervisor may use them; no copies. */
  constructor(stdio: readonly [number, number, number], private readonly shared = false) {
    this.stdio = [this.take(stdio[0]), this.take(stdio[1]), this.take(stdio[2])];
  }

  /** A logger that appeared after registration: run's next start (and finish) write into its pipe. */
  setStdout(fd: number): void {
    this.drop(this.stdio[1]);
    this.stdio[1] = this.take(fd);
  }

  private take(fd: number): number {
    return this.shared ? fd : ownCopy(fd);
  }

  private drop(fd: number): void {
    if (!this.shared) releaseCopy(fd);
  }

  /** Reads supervise/control through epoll; `onError`: the FIFO broke. Throws SupervisorStartError. */
  openControl(path: string, onBytes: (bytes: string) => void, onError: (err: Error) => void): void {
    try {
      this.control = new FifoReader(path, onBytes, onError);
    } catch (err) {
      throw fail("open for reading", path, err);
    }
  }

  /** Lets go of stdin and stdout (s6's closethem), so that a logger sees EOF once the service is gone. */
  closethem(): void {
    const [rd, wr] = devNullFds();
    this.drop(this.stdio[0]);
    this.drop(this.stdio[1]);
    this.stdio = [rd, wr, this.stdio[2]];
  }

  /** Closes everything; safe on a half set-up supervisor, and twice. */
  release(): void {
    this.control?.close();
    this.control = undefined;
    if (this.lockFd >= 0) closeSync(this.lockFd);
    this.lockFd = -1;
    for (const fd of this.stdio) this.drop(fd);
    this.stdio = [0, 1, 2];
  }
}

function ownCopy(fd: number): number {
  return fd > 2 ? dup(fd) : fd;
}

function releaseCopy(fd: number): void {
  const [rd, wr] = devNullFds();
  if (fd > 2 && fd !== rd && fd !== wr) closeSync(fd);
}

import { closeSync } from "node:fs";
import type { Socket } from "node:net";
import { dup } from "@ts6/native";
import { devNullFds } from "./devnull.js";
import { openFifoReader } from "./fifo-socket.js";
import { fail } from "./supervise-dir.js";

/**
 * Every fd a supervisor holds, released together. Its stdio fds above 2 (a
 * log pipe end) are its own copies: as with a separate s6-supervise
 * process, the pipe stays open exactly as long as some supervisor may still
 * hand it to a child, and no longer.
 */
export class OwnedFds {
  /** What run and finish get as 0, 1 and 2. */
  stdio: [number, number, number];
  /** The OFD lock on supervise/lock, held for the supervisor's life. */
  lockFd = -1;
  /** supervise/control, read through epoll. */
  control: Socket | undefined;

  constructor(stdio: readonly [number, number, number]) {
    this.stdio = [ownCopy(stdio[0]), ownCopy(stdio[1]), ownCopy(stdio[2])];
  }

  /** Reads supervise/control through epoll; `onError`: the FIFO broke. Throws SupervisorStartError. */
  openControl(path: string, onBytes: (bytes: string) => void, onError: (err: Error) => void): void {
    try {
      this.control = openFifoReader(path, (chunk) => onBytes(chunk.toString("latin1")));
    } catch (err) {
      throw fail("open for reading", path, err);
    }
    this.control.on("error", onError);
  }

  /** Lets go of stdin and stdout (s6's closethem), so that a logger sees EOF once the service is gone. */
  closethem(): void {
    const [rd, wr] = devNullFds();
    releaseCopy(this.stdio[0]);
    releaseCopy(this.stdio[1]);
    this.stdio = [rd, wr, this.stdio[2]];
  }

  /** Closes everything; safe on a half set-up supervisor, and twice. */
  release(): void {
    this.control?.destroy();
    this.control = undefined;
    if (this.lockFd >= 0) closeSync(this.lockFd);
    this.lockFd = -1;
    for (const fd of this.stdio) releaseCopy(fd);
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

import { closeSync, constants, openSync } from "node:fs";
import { type Reads, watchReads } from "@ts6/native";

/**
 * A control FIFO, read through epoll alone (the addon's watchReads): no
 * stream and no node:net, whose modules a daemon would carry for its whole
 * life, and no thread-pool thread parked on it as an fs stream would. It is
 * opened read-write, so it never reads end of file while no client writes.
 */
export class FifoReader {
  private fd: number;
  private readonly reads: Reads;

  /**
   * `onBytes` gets each read's bytes, one char per byte (latin1);
   * `onError`, once, a read that failed, after which nothing more is read.
   * @throws the open's error.
   */
  constructor(path: string, onBytes: (bytes: string) => void, onError: (err: Error) => void) {
    this.fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      this.reads = watchReads(
        this.fd,
        (bytes) => onBytes(bytes.toString("latin1")),
        (err) => {
          this.close();
          // End of file cannot come while we hold a write end; were it to, there would be nothing more to read.
          onError(err ?? new Error("end of file on a FIFO held open for writing"));
        },
      );
    } catch (err) {
      closeSync(this.fd);
      throw err;
    }
  }

  /** Stops reading and closes the FIFO; safe twice. */
  close(): void {
    if (this.fd < 0) return;
    this.reads.stop();
    closeSync(this.fd);
    this.fd = -1;
  }
}

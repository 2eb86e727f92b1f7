import { closeSync, constants, openSync, readSync } from "node:fs";
import { watchReadable } from "@ts6/native";
import { errnoCode } from "@ts6/protocol";

/** One buffer for every FIFO: its bytes are handed on as a string before the next read. */
const chunk = Buffer.alloc(4096);

/**
 * A control FIFO, read through epoll alone (the addon's watchReadable): no
 * stream and no node:net, whose modules a daemon would carry for its whole
 * life, and no thread-pool thread parked on it as an fs stream would. It is
 * opened read-write, so it never reads end of file while no client writes.
 */
export class FifoReader {
  private fd: number;
  private stopWatch: (() => void) | undefined;

  /**
   * `onBytes` gets each read's bytes, one char per byte (latin1);
   * `onError`, once, a read that failed, after which nothing more is read.
   * @throws the open's error.
   */
  constructor(
    path: string,
    private readonly onBytes: (bytes: string) => void,
    private readonly onError: (err: Error) => void,
  ) {
    this.fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      this.watch();
    } catch (err) {
      this.close();
      throw err;
    }
  }

  private watch(): void {
    this.stopWatch = watchReadable(this.fd, () => {
      this.stopWatch = undefined;
      this.drain();
      if (this.fd < 0) return;
      try {
        this.watch();
      } catch (err) {
        this.fail(err);
      }
    });
  }

  /** Reads until the FIFO is empty; onBytes may close the reader meanwhile. */
  private drain(): void {
    while (this.fd >= 0) {
      let n: number;
      try {
        n = readSync(this.fd, chunk, 0, chunk.length, null);
      } catch (err) {
        if (errnoCode(err) !== "EAGAIN") this.fail(err);
        return;
      }
      // End of file cannot come while we hold a write end; were it to, there would be nothing more to read.
      if (n === 0) return this.fail(new Error("end of file on a FIFO held open for writing"));
      this.onBytes(chunk.toString("latin1", 0, n));
    }
  }

  private fail(err: unknown): void {
    this.close();
    this.onError(err instanceof Error ? err : new Error(String(err)));
  }

  /** Stops reading and closes the FIFO; safe twice. */
  close(): void {
    if (this.fd < 0) return;
    this.stopWatch?.();
    this.stopWatch = undefined;
    closeSync(this.fd);
    this.fd = -1;
  }
}

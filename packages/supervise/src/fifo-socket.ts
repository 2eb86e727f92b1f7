import { openSync, constants } from "node:fs";
import { Socket } from "node:net";

/**
 * Opens a FIFO for reading without ever seeing EOF (we hold a write side
 * through O_RDWR) and hands it to libuv's epoll loop. fs streams would park
 * a thread-pool thread on each FIFO and starve the process.
 */
export function openFifoReader(path: string, onData: (chunk: Buffer) => void): Socket {
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  // The socket owns and closes the fd.
  const sock = new Socket({ fd, readable: true, writable: false });
  sock.on("data", onData);
  // Errors on a pipe we only read are not the supervisor's to die of.
  sock.on("error", () => sock.destroy());
  return sock;
}

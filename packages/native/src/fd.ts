import { checkFd } from "./args.js";
import { sys } from "./errors.js";
import { native } from "./binding.js";

/** Both ends close-on-exec. */
export function pipe(): { read: number; write: number } {
  const [read, write] = sys(() => native.pipe());
  return { read, write };
}

/** The process umask applies, as with any mkfifo(2). */
export function mkfifo(path: string, mode: number): void {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777)
    throw new RangeError(`mode must be an integer in 0..0o7777, got ${mode}`);
  sys(() => native.mkfifo(path, mode));
}

/** A close-on-exec copy of fd: a child gets it only through a spawn fd map. */
export function dup(fd: number): number {
  checkFd(fd);
  return sys(() => native.dup(fd));
}

/** newfd is not close-on-exec afterwards. */
export function dup2(oldfd: number, newfd: number): void {
  checkFd(oldfd, "oldfd");
  checkFd(newfd, "newfd");
  sys(() => native.dup2(oldfd, newfd));
}

export function cloexecFrom(lowfd: number): void {
  checkFd(lowfd, "lowfd");
  sys(() => native.cloexecFrom(lowfd));
}

export function setNonblock(fd: number, on: boolean): void {
  checkFd(fd);
  sys(() => native.setNonblock(fd, on));
}

/**
 * Calls `onReadable` once, in a later turn of the event loop, when fd is
 * readable, hung up or in error: epoll through libuv, no thread, no stream.
 * Makes fd non-blocking; the fd stays the caller's. Returns the function that
 * stops the watch (harmless once it has fired).
 */
export function watchReadable(fd: number, onReadable: () => void): () => void {
  checkFd(fd);
  return sys(() => native.watchReadable(fd, onReadable));
}

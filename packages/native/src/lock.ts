import { checkFd } from "./args.js";
import { sys } from "./errors.js";
import { native } from "./binding.js";

/**
 * Takes a write lock on the whole file without waiting. Open file
 * description locks: s6 clients' F_GETLK probe sees them, and closing some
 * other fd of the same file in this process does not drop them. The fd must
 * be open for writing.
 * @returns true when acquired, false when held through another description.
 */
export function lock(fd: number): boolean {
  checkFd(fd);
  return sys(() => native.lock(fd));
}

/** True when another open file description (or process) holds a lock that
 * conflicts with a write lock; a lock held through `fd` itself does not count. */
export function testLock(fd: number): boolean {
  checkFd(fd);
  return sys(() => native.testLock(fd));
}

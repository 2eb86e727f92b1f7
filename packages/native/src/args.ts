/** The addon reads numbers as int32, turning NaN into 0 and 3.5 into 3:
 * check before a bad value becomes a real fd. */
export function checkFd(fd: number, name = "fd"): void {
  if (!Number.isInteger(fd) || fd < 0 || fd > 0x7fffffff)
    throw new RangeError(`${name} must be a file descriptor number, got ${fd}`);
}

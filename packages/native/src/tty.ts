import { checkFd } from "./args.js";
import { sys } from "./errors.js";
import { native } from "./binding.js";

/** Gives the terminal on fd to process group pgrp, from the foreground or not. */
export function tcsetpgrp(fd: number, pgrp: number): void {
  checkFd(fd);
  if (!Number.isInteger(pgrp) || pgrp <= 0) throw new RangeError(`pgrp must be a positive integer, got ${pgrp}`);
  sys(() => native.tcsetpgrp(fd, pgrp));
}

/** Whether fd is a terminal (false for a closed fd too). */
export function isatty(fd: number): boolean {
  checkFd(fd);
  return native.isatty(fd);
}

export function getpgrp(): number {
  return native.getpgrp();
}

/** SIGTTOU and SIGTTIN ignored: a background daemon may write to (or read) its terminal without being stopped. */
export function ignoreJobControlSignals(): void {
  sys(() => native.ignoreJobControlSignals());
}

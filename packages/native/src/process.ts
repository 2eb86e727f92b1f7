import { sys } from "./errors.js";
import { native } from "./binding.js";

/** `wstat` is the raw status as waitpid gives it. */
export interface Reaped {
  pid: number;
  wstat: number;
}

/**
 * Collects every child that has exited (waitpid(-1, WNOHANG) until none is
 * left); call it on each SIGCHLD, since signals coalesce. It takes children
 * started through node:child_process too, whose exit libuv then never sees:
 * a process that reaps this way must not use child_process.
 */
export function reap(): Reaped[] {
  const flat = sys(() => native.reap());
  const out: Reaped[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ pid: flat[i]!, wstat: flat[i + 1]! });
  return out;
}

/** Orphaned descendants are reparented to this process instead of init. */
export function setSubreaper(on = true): void {
  sys(() => native.setSubreaper(on));
}

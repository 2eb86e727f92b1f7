import { makeFifodir } from "@ts6/protocol";

/**
 * What s6's listeners do before subscribing: create the service's event/
 * when no supervisor has yet (group-subscribable, as s6-supervise makes it),
 * never touch an existing one.
 */
export function makeEventDir(path: string): void {
  try {
    makeFifodir(path, process.getegid!());
  } catch {
    // As in s6, not reported here: the subscription that follows fails with the real reason.
  }
}

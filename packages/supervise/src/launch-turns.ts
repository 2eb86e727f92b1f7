import type { ChildWatch } from "./children.js";

/**
 * Launches of run that may be under way at once, per ChildWatch (in the
 * daemon: per process). A launch holds both ends of run's notification
 * pipe until its spawn reports, and at a cold start every service asks at
 * once while the spawns take turns on libuv's four pool threads: without
 * turns, nearly every service held 2 fds more at the peak (5 instead of 3:
 * a 20,000 open-file limit then started no more than about 3,980
 * services). Eight keeps the pool busy: four spawning, four queued.
 */
const TURNS = 8;

interface Turns {
  busy: number;
  waiting: Array<() => void>;
}

const byWatch = new WeakMap<ChildWatch, Turns>();

/** Runs `fn` now if a turn is free, else once one is; `fn` must end its turn with endTurn, exactly once. */
export function takeTurn(children: ChildWatch, fn: () => void): void {
  let t = byWatch.get(children);
  if (t === undefined) {
    t = { busy: 0, waiting: [] };
    byWatch.set(children, t);
  }
  if (t.busy < TURNS) {
    t.busy++;
    fn();
  } else {
    t.waiting.push(fn);
  }
}

/** Hands the turn to the oldest waiting launch, if any. */
export function endTurn(children: ChildWatch): void {
  const t = byWatch.get(children);
  if (t === undefined) return;
  const next = t.waiting.shift();
  if (next === undefined) t.busy--;
  else next();
}

import { KINDS, type Kind } from "./kinds.js";

/** Where a measurement says what it is doing, one line at a time. */
export type Progress = (line: string) => void;

/** Runs fn for s6 then ts6, `reps` times over: s6, ts6, s6, ts6... */
export async function interleave(reps: number, fn: (kind: Kind, rep: number) => Promise<void>): Promise<void> {
  for (let rep = 1; rep <= reps; rep++) {
    for (const kind of KINDS) await fn(kind, rep);
  }
}

import type { Kind } from "./kinds.js";

export type Unit = "MB" | "ms" | "% core" | "ms CPU" | "/s" | "fds" | "/service";

/** A goal for one figure, checked on the medians. */
export interface Target {
  text: string;
  met(ratio: number, ts6: number): boolean;
}

/** One line of the results: a value per repetition for each tree. */
export interface Row {
  label: string;
  unit: Unit;
  samples: Record<Kind, number[]>;
  target: Target | undefined;
  /** Why the row has no samples: the machine cannot run it (say, too few open files). */
  skipped?: string;
}

export function row(label: string, unit: Unit, target?: Target): Row {
  return { label, unit, samples: { s6: [], ts6: [] }, target };
}

/** ts6/s6 at most `max`. */
export function ratioAtMost(max: number): Target {
  return { text: `ratio <= ${max}`, met: (ratio) => ratio <= max };
}

/** ts6/s6 at most `quiet` on a quiet machine, `busy` with busy loops beside (`load` > 0). */
export function ratioAtMostUnder(load: number, quiet: number, busy: number): Target {
  return ratioAtMost(load > 0 ? busy : quiet);
}

/** ts6's own value at most `max` (in the row's unit). */
export function ts6AtMost(max: number, unit: string): Target {
  return { text: `ts6 <= ${max} ${unit}`, met: (_ratio, ts6) => ts6 <= max };
}

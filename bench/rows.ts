import type { Kind } from "./kinds.js";

export type Unit = "MB" | "ms" | "% core" | "ms CPU" | "/s";

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
}

export function row(label: string, unit: Unit, target?: Target): Row {
  return { label, unit, samples: { s6: [], ts6: [] }, target };
}

/** ts6/s6 at most `max`. */
export function ratioAtMost(max: number): Target {
  return { text: `ratio <= ${max}`, met: (ratio) => ratio <= max };
}

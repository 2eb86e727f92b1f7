import type { Progress } from "./interleave.js";
import { measureCrashLoop } from "./measure/crashloop.js";
import { measureIdle } from "./measure/idle.js";
import { measureMemory } from "./measure/memory.js";
import { measureRestart } from "./measure/restart.js";
import { measureRoundtrip } from "./measure/roundtrip.js";
import { measureStartup } from "./measure/startup.js";
import { type BenchOptions, FIGURES, type FigureId } from "./options.js";
import type { Row } from "./rows.js";

const MEASURES: Record<FigureId, (opts: BenchOptions, progress: Progress) => Promise<Row[]>> = {
  memory: measureMemory,
  startup: measureStartup,
  roundtrip: measureRoundtrip,
  restart: measureRestart,
  idle: measureIdle,
  crashloop: measureCrashLoop,
};

/** Every figure asked for, in the order of FIGURES. */
export async function runBench(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const rows: Row[] = [];
  for (const id of FIGURES) {
    if (opts.only.includes(id)) rows.push(...(await MEASURES[id](opts, progress)));
  }
  return rows;
}

/** The largest tree the options ask for. */
export function largestTree(opts: BenchOptions): number {
  return Math.max(...opts.services, opts.readyServices, opts.idleServices, opts.crashServices);
}

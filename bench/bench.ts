import type { Progress } from "./interleave.js";
import { withBusyLoops } from "./load.js";
import { measureCrashLoop } from "./measure/crashloop.js";
import { measureFds } from "./measure/fds.js";
import { measureIdle } from "./measure/idle.js";
import { measureMemory } from "./measure/memory.js";
import { measureRestart } from "./measure/restart.js";
import { measureRoundtrip } from "./measure/roundtrip.js";
import { measureScannerStart } from "./measure/start.js";
import { measureStartup } from "./measure/startup.js";
import { type BenchOptions, FIGURES, type FigureId } from "./options.js";
import type { Row } from "./rows.js";

/** A figure's measurement; `load` is the number of busy loops running beside (its targets may depend on it). */
type Measure = (opts: BenchOptions, progress: Progress, load: number) => Promise<Row[]>;

const MEASURES: Record<FigureId, Measure> = {
  start: measureScannerStart,
  memory: measureMemory,
  fds: measureFds,
  startup: measureStartup,
  roundtrip: measureRoundtrip,
  restart: measureRestart,
  idle: measureIdle,
  crashloop: measureCrashLoop,
};

/** Every figure asked for, in the order of FIGURES, once per load level. */
export async function runBench(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const rows: Row[] = [];
  for (const load of opts.load) {
    if (load > 0) progress(`with ${load} busy loop(s) beside both trees`);
    await withBusyLoops(load, opts.tmpdir, async () => {
      for (const id of FIGURES) {
        if (!opts.only.includes(id)) continue;
        for (const r of await MEASURES[id](opts, progress, load)) {
          if (load > 0) r.label += `, ${load} busy loop${load === 1 ? "" : "s"} beside`;
          rows.push(r);
        }
      }
    });
  }
  return rows;
}

/** The largest tree the options ask for. */
export function largestTree(opts: BenchOptions): number {
  return Math.max(...opts.services, ...opts.readyServices, opts.fdServices, opts.idleServices, opts.crashServices);
}

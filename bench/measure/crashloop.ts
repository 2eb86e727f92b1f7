import { setTimeout as sleep } from "node:timers/promises";
import { type Progress, interleave } from "../interleave.js";
import type { BenchOptions } from "../options.js";
import { type Row, ratioAtMostUnder, row } from "../rows.js";
import { withTree } from "../session.js";
import { cpuSecondsBetween, schedReadings, settledSupervisors } from "./usage.js";

/**
 * Services whose run exits 1 at once: each supervisor restarts its service
 * once a second. CPU of the supervisor processes over opts.crashSeconds, in
 * % of one core, with the restarts seen ('u' events) to compare the work done.
 */
export async function measureCrashLoop(opts: BenchOptions, progress: Progress, load: number): Promise<Row[]> {
  const n = opts.crashServices;
  const cpuRow = row(`crash loop, ${n} services: CPU of the supervisors`, "% core", ratioAtMostUnder(load, 1.0, 1.2));
  const perStart = row(`crash loop, ${n} services: supervisor CPU per restart`, "ms CPU");
  const rate = row(`crash loop, ${n} services: restarts`, "/s");
  await interleave(opts.reps, (kind, rep) =>
    withTree(kind, opts, { services: n, service: "crash" }, async (s) => {
      const pids = await settledSupervisors(s, "u", 30_000, opts.settleMs);
      const starts0 = s.events.count("u");
      const before = schedReadings(pids);
      const t0 = performance.now();
      await sleep(opts.crashSeconds * 1000);
      const cpu = cpuSecondsBetween(before, schedReadings(pids));
      const seconds = (performance.now() - t0) / 1000;
      const starts = s.events.count("u") - starts0;
      cpuRow.samples[kind].push((100 * cpu) / seconds);
      perStart.samples[kind].push(starts > 0 ? (1000 * cpu) / starts : Number.NaN);
      rate.samples[kind].push(starts / seconds);
      progress(`crashloop ${n}: rep ${rep} ${kind} ${((100 * cpu) / seconds).toFixed(2)}% core, ${starts} restarts`);
    }),
  );
  return [cpuRow, perStart, rate];
}

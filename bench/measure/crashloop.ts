import { setTimeout as sleep } from "node:timers/promises";
import { type Progress, interleave } from "../interleave.js";
import type { BenchOptions } from "../options.js";
import { type Row, ratioAtMostUnder, row } from "../rows.js";
import { type Session, withTree } from "../session.js";
import { cpuSecondsBetween, schedReadings, settledSupervisors } from "./usage.js";

interface Window {
  /** % of one core. */
  cpu: number;
  /** ms of CPU per restart. */
  perRestart: number;
  restartsPerSecond: number;
}

/** CPU of the supervisor pids over `seconds`, with the restarts seen ('u' events) to compare the work done. */
async function measureWindow(s: Session, pids: number[], seconds: number): Promise<Window> {
  const starts0 = s.events.count("u");
  const before = schedReadings(pids);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = cpuSecondsBetween(before, schedReadings(pids));
  const elapsed = (performance.now() - t0) / 1000;
  const starts = s.events.count("u") - starts0;
  return { cpu: (100 * cpu) / elapsed, perRestart: starts > 0 ? (1000 * cpu) / starts : Number.NaN, restartsPerSecond: starts / elapsed };
}

/**
 * Services whose run exits 1 at once: each supervisor restarts its service
 * once a second. A crash loop lasts until someone mends the service, so the
 * figure with the target is the steady state: the window after the first
 * opts.crashWarmup seconds. Those first seconds are measured too, on rows of
 * their own: they hold ts6-svscan's one-off compilation of the restart path
 * by V8, which s6's compiled code does not need.
 */
export async function measureCrashLoop(opts: BenchOptions, progress: Progress, load: number): Promise<Row[]> {
  const n = opts.crashServices;
  const first = `first ${opts.crashWarmup} s`;
  const firstCpu = row(`crash loop, ${n} services: CPU of the supervisors, ${first}`, "% core");
  const firstPerStart = row(`crash loop, ${n} services: supervisor CPU per restart, ${first}`, "ms CPU");
  const cpuRow = row(`crash loop, ${n} services: CPU of the supervisors`, "% core", ratioAtMostUnder(load, 1.0, 1.2));
  const perStart = row(`crash loop, ${n} services: supervisor CPU per restart`, "ms CPU");
  const rate = row(`crash loop, ${n} services: restarts`, "/s");
  await interleave(opts.reps, (kind, rep) =>
    withTree(kind, opts, { services: n, service: "crash" }, async (s) => {
      const pids = await settledSupervisors(s, "u", 30_000, opts.settleMs);
      const warm = await measureWindow(s, pids, opts.crashWarmup);
      firstCpu.samples[kind].push(warm.cpu);
      firstPerStart.samples[kind].push(warm.perRestart);
      const steady = await measureWindow(s, pids, opts.crashSeconds);
      cpuRow.samples[kind].push(steady.cpu);
      perStart.samples[kind].push(steady.perRestart);
      rate.samples[kind].push(steady.restartsPerSecond);
      progress(`crashloop ${n}: rep ${rep} ${kind} ${warm.cpu.toFixed(2)}% core in the first ${opts.crashWarmup} s, then ${steady.cpu.toFixed(2)}%`);
    }),
  );
  return [firstCpu, firstPerStart, cpuRow, perStart, rate];
}

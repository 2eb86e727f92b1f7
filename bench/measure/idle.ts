import { setTimeout as sleep } from "node:timers/promises";
import { type Progress, interleave } from "../interleave.js";
import type { BenchOptions } from "../options.js";
import { type Row, row } from "../rows.js";
import { withTree } from "../session.js";
import { READY_TIMEOUT_MS } from "./memory.js";
import { cpuSecondsBetween, schedReadings, settledSupervisors, wakeupsBetween } from "./usage.js";

const IDLE_LIMIT_PERCENT = 0.1;
/**
 * Nothing per service may wake the daemon: no timer, no poll. One timer per
 * service firing once in the window would make 1 per service; V8's one
 * memory-reducer GC after a start wakes its threads about a hundred times
 * in all, whatever the number of services.
 */
const IDLE_WAKEUPS_PER_SERVICE = 0.5;

/**
 * CPU time (user + system, from schedstat) of the supervisor processes over opts.idleSeconds, with
 * every service up and ready and nothing happening, in % of one core; and
 * how many times their threads woke, per service.
 */
export async function measureIdle(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const n = opts.idleServices;
  const idle = row(`idle CPU of the supervisors, ${n} services, ${opts.idleSeconds} s`, "% core", {
    text: `ts6 < ${IDLE_LIMIT_PERCENT}% core`,
    met: (_ratio, ts6) => ts6 < IDLE_LIMIT_PERCENT,
  });
  const wakeups = row(`idle wakeups of the supervisors, ${n} services, ${opts.idleSeconds} s`, "/service", {
    text: `ts6 < ${IDLE_WAKEUPS_PER_SERVICE} per service`,
    met: (_ratio, ts6) => ts6 < IDLE_WAKEUPS_PER_SERVICE,
  });
  await interleave(opts.reps, (kind, rep) =>
    withTree(kind, opts, { services: n, service: "ready" }, async (s) => {
      const pids = await settledSupervisors(s, "U", READY_TIMEOUT_MS, opts.settleMs);
      const before = schedReadings(pids);
      const t0 = performance.now();
      await sleep(opts.idleSeconds * 1000);
      const after = schedReadings(pids);
      const percent = (100 * cpuSecondsBetween(before, after)) / ((performance.now() - t0) / 1000);
      const woke = wakeupsBetween(before, after);
      idle.samples[kind].push(percent);
      wakeups.samples[kind].push(woke / n);
      progress(`idle ${n}: rep ${rep} ${kind} ${percent.toFixed(3)}% core, ${woke} wakeups`);
    }),
  );
  return [idle, wakeups];
}

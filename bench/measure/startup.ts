import { type Progress, interleave } from "../interleave.js";
import { currentLimits, shortfall } from "../limits.js";
import type { BenchOptions } from "../options.js";
import { type Row, ratioAtMostUnder, row } from "../rows.js";
import { withTree } from "../session.js";
import { READY_TIMEOUT_MS } from "./memory.js";
import { schedReadings, supervisorPids } from "./usage.js";

/**
 * From spawning the scanner to the last of the services' 'U' events (up and
 * ready: run wrote its newline on the notification fd and the supervisor
 * has recorded it), on a fresh scan directory each time, for each size in
 * opts.readyServices that the machine's limits can hold. Also the CPU the
 * supervisors used until then: on a busy machine the time depends on the
 * share of the CPUs each tree gets (one ts6-svscan against thousands of
 * s6 processes), the CPU on the work done.
 */
export async function measureStartup(opts: BenchOptions, progress: Progress, load: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of opts.readyServices) {
    const ready = row(`time from scanner start to ${n} services ready`, "ms", ratioAtMostUnder(load, 1.0, 1.2));
    const cpu = row(`CPU of the supervisors until ${n} services ready`, "ms CPU");
    rows.push(ready, cpu);
    const short = shortfall(currentLimits(), n);
    if (short !== undefined) {
      ready.skipped = cpu.skipped = short;
      progress(`startup ${n}: skipped, ${short}`);
      continue;
    }
    await interleave(opts.reps, (kind, rep) =>
      withTree(kind, opts, { services: n, service: "ready" }, async (s) => {
        await s.events.all("U", READY_TIMEOUT_MS);
        const ms = performance.now() - s.startedAt;
        let ns = 0;
        for (const t of schedReadings(supervisorPids(s)).values()) ns += t.cpuNs;
        ready.samples[kind].push(ms);
        cpu.samples[kind].push(ns / 1e6);
        progress(`startup ${n}: rep ${rep} ${kind} ${ms.toFixed(0)} ms, ${(ns / 1e6).toFixed(0)} ms CPU`);
        await s.tree.waitReady();
      }),
    );
  }
  return rows;
}

import { type Progress, interleave } from "../interleave.js";
import { currentLimits, shortfall } from "../limits.js";
import type { BenchOptions } from "../options.js";
import { type Row, type Target, ratioAtMost, row, ts6AtMost } from "../rows.js";
import { withTree } from "../session.js";
import { footprintMB, memoryMB, settledSupervisors } from "./usage.js";

export const READY_TIMEOUT_MS = 180_000;
const RSS_LIMIT_MB = 45;

/** The ratio each size must keep, on Pss and alone. */
function targets(n: number): { pss?: Target; alone?: Target } {
  if (n >= 5000) return { pss: ratioAtMost(0.3), alone: ratioAtMost(0.3) };
  if (n === 1000) return { pss: ratioAtMost(0.5) };
  return {};
}

/**
 * Pss summed over the supervisor processes (s6-svscan and every
 * s6-supervise; the one ts6-svscan), services excluded, once every service
 * is up and ready and the tree has been quiet for settleMs; and the same
 * processes' footprint on a machine of their own (see footprintMB). With 1
 * service, also RSS: ts6-svscan's own, and for s6 the sum over its two processes.
 */
export async function measureMemory(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of opts.services) {
    const services = `${n} service${n === 1 ? "" : "s"}`;
    const pss = row(`memory: Pss of the supervisors, ${services}`, "MB", targets(n).pss);
    const alone = row(`memory: supervisors alone (anon + files once), ${services}`, "MB", targets(n).alone);
    const rss = row("memory: RSS of the supervisors, 1 service", "MB", ts6AtMost(RSS_LIMIT_MB, "MB"));
    const short = shortfall(currentLimits(), n);
    if (short !== undefined) {
      pss.skipped = alone.skipped = short;
      progress(`memory ${n}: skipped, ${short}`);
      rows.push(pss, alone);
      continue;
    }
    await interleave(opts.reps, (kind, rep) =>
      withTree(kind, opts, { services: n, service: "ready" }, async (s) => {
        const pids = await settledSupervisors(s, "U", READY_TIMEOUT_MS, opts.settleMs);
        const mb = memoryMB(pids, "Pss");
        pss.samples[kind].push(mb);
        alone.samples[kind].push(footprintMB(pids));
        if (n === 1) rss.samples[kind].push(memoryMB(pids, "Rss"));
        progress(`memory ${n}: rep ${rep} ${kind} Pss ${mb.toFixed(2)} MB`);
      }),
    );
    rows.push(pss, alone);
    if (n === 1) rows.push(rss);
  }
  return rows;
}

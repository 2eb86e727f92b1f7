import { type Progress, interleave } from "../interleave.js";
import type { BenchOptions } from "../options.js";
import { fdCount } from "../procfs.js";
import { type Row, row, ts6AtMost } from "../rows.js";
import type { ServiceKind } from "../scandir.js";
import { withTree } from "../session.js";
import { READY_TIMEOUT_MS } from "./memory.js";
import { settledSupervisors } from "./usage.js";

/** What a tree's supervisors hold: fds summed over them, and in the one process that holds the most. */
interface Held {
  total: number;
  largest: number;
}

function held(pids: readonly number[]): Held {
  const counts = pids.map((pid) => {
    const n = fdCount(pid);
    if (n === undefined) throw new Error(`supervisor process ${pid} is gone`);
    return n;
  });
  return { total: counts.reduce((a, b) => a + b, 0), largest: Math.max(...counts) };
}

/**
 * Open fds of the supervisors with 1 service and with opts.fdServices, for
 * services without and with a logger: what each more service costs, summed
 * over the tree and in the one process that holds the most (ts6-svscan;
 * s6-svscan, which holds the pipes between a service and its logger).
 * That process's count is what its open-file limit must cover.
 */
export async function measureFds(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const n = opts.fdServices;
  const rows: Row[] = [];
  for (const [kind, what] of [["ready", "unlogged"], ["logged", "logged"]] as const satisfies ReadonlyArray<readonly [ServiceKind, string]>) {
    const base = row(`fds: the process holding the most, 1 ${what} service`, "fds");
    const perLargest = row(`fds per ${what} service, in the process holding the most`, "fds", kind === "ready" ? ts6AtMost(2, "fds") : undefined);
    const perTotal = row(`fds per ${what} service, summed over the supervisors`, "fds");
    await interleave(opts.reps, async (tree, rep) => {
      const measure = (count: number): Promise<Held> =>
        withTree(tree, opts, { services: count, service: kind }, async (s) => held(await settledSupervisors(s, "U", READY_TIMEOUT_MS, opts.settleMs)));
      const one = await measure(1);
      const many = await measure(n);
      base.samples[tree].push(one.largest);
      perLargest.samples[tree].push((many.largest - one.largest) / (n - 1));
      perTotal.samples[tree].push((many.total - one.total) / (n - 1));
      progress(`fds ${what}: rep ${rep} ${tree} ${one.largest} with 1, ${many.largest} with ${n} (largest process)`);
    });
    rows.push(base, perLargest, perTotal);
  }
  return rows;
}

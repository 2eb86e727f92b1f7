import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type Progress, interleave } from "../interleave.js";
import type { BenchOptions } from "../options.js";
import { type Row, ratioAtMost, row } from "../rows.js";
import { withTree } from "../session.js";
import { quantile } from "../stats.js";

const S6_SVC = "/usr/bin/s6-svc";
const run = promisify(execFile);

/** Wall time of one s6-svc command, from spawn to its exit, in ms. */
async function timed(args: readonly string[]): Promise<number> {
  const t0 = performance.now();
  await run(S6_SVC, ["-T", "10000", ...args], { timeout: 15_000 });
  return performance.now() - t0;
}

/**
 * One service (notification-fd) that starts down; `s6-svc -wU -u` then
 * `s6-svc -wD -d`, each timed from spawn to exit, opts.roundtrips times.
 * Both include s6-svc's own exec of s6-svlisten1 and its s6-ftrigrd.
 */
export async function measureRoundtrip(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const n = opts.roundtrips;
  const upP50 = row(`s6-svc -wU -u round trip, p50 of ${n}`, "ms", ratioAtMost(1.5));
  const upP99 = row(`s6-svc -wU -u round trip, p99 of ${n}`, "ms");
  const downP50 = row(`s6-svc -wD -d round trip, p50 of ${n}`, "ms", ratioAtMost(1.5));
  const downP99 = row(`s6-svc -wD -d round trip, p99 of ${n}`, "ms");
  await interleave(opts.reps, (kind, rep) =>
    withTree(kind, opts, { services: 1, service: "ready", down: true }, async (s) => {
      // 's': the supervisor is up and its control fifo open.
      await s.events.all("s", 10_000);
      await s.tree.waitReady();
      const dir = s.services[0]!;
      const up: number[] = [];
      const down: number[] = [];
      for (let i = 0; i < n; i++) {
        up.push(await timed(["-wU", "-u", dir]));
        down.push(await timed(["-wD", "-d", dir]));
      }
      upP50.samples[kind].push(quantile(up, 0.5));
      upP99.samples[kind].push(quantile(up, 0.99));
      downP50.samples[kind].push(quantile(down, 0.5));
      downP99.samples[kind].push(quantile(down, 0.99));
      progress(`roundtrip: rep ${rep} ${kind} up p50 ${quantile(up, 0.5).toFixed(2)} ms, down p50 ${quantile(down, 0.5).toFixed(2)} ms`);
    }),
  );
  return [upP50, upP99, downP50, downP99];
}

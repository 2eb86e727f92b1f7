import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { type Progress, interleave } from "../interleave.js";
import type { BenchOptions } from "../options.js";
import { type Row, ratioAtMost, row } from "../rows.js";
import { withTree } from "../session.js";
import { median } from "../stats.js";

const S6_SVSTAT = "/usr/bin/s6-svstat";
const run = promisify(execFile);
/** A supervisor restarts at once only a service that was ready for a second or more. */
const READY_FOR_MS = 1200;

async function servicePid(dir: string): Promise<number> {
  const { stdout } = await run(S6_SVSTAT, ["-o", "pid", dir]);
  const pid = Number(stdout.trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`s6-svstat -o pid ${dir}: ${stdout.trim()}`);
  return pid;
}

/**
 * One service (notification-fd), ready for 1.2 s, then SIGKILLed: the time
 * from the kill to its 'U' event (restarted, and ready again). The median of
 * opts.restarts kills is one repetition's value.
 */
export async function measureRestart(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const restart = row("restart: SIGKILL to up and ready again", "ms", ratioAtMost(1.2));
  await interleave(opts.reps, (kind, rep) =>
    withTree(kind, opts, { services: 1, service: "ready" }, async (s) => {
      await s.events.all("U", 10_000);
      await s.tree.waitReady();
      const dir = s.services[0]!;
      const times: number[] = [];
      for (let i = 0; i < opts.restarts; i++) {
        await sleep(READY_FOR_MS);
        const pid = await servicePid(dir);
        const readyAgain = s.events.next("U", 10_000);
        const t0 = performance.now();
        process.kill(pid, "SIGKILL");
        await readyAgain;
        times.push(performance.now() - t0);
      }
      restart.samples[kind].push(median(times));
      progress(`restart: rep ${rep} ${kind} ${median(times).toFixed(2)} ms`);
    }),
  );
  return [restart];
}
